from kscript.cli.main import main

main()
