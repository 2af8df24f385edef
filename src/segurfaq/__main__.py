from segurfaq.cli import main

main()
