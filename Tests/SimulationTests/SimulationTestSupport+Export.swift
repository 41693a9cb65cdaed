/// `Fixtures` (the synthetic markets) moved to the `SimulationTestSupport` target, shared
/// with `ExperimentsTests`; re-exported so every file of this bundle sees it as before.
@_exported import SimulationTestSupport
