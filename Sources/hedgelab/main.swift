import HedgeLabCLI

// Every command is synchronous: work that runs in parallel (batch pricing, Monte Carlo,
// sweeps) manages its own threads.
HedgeLab.main()
