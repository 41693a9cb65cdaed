import HedgeLabCLI

await HedgeLab.main()
