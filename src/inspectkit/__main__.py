from inspectkit.entry import main

main()
