from kscript.cli import main

main()
