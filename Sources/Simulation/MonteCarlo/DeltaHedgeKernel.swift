import Pricing

/// The hot loops of ``MonteCarloDeltaHedge``: draw, price move, delta, trade, financing, for
/// eight paths per SIMD vector and blocks of ``vectorsPerBlock`` vectors per task.
///
/// Per-path state lives in an array of ``LaneState`` (structure of arrays of 8 paths each),
/// the loops over a block's vectors have no branches that depend on the data and allocate
/// nothing; blocks go to `threads` workers through ``ParallelBlocks``. Every path draws from
/// its own ``PathRandomStream`` (stream = path index) and each output depends only on its
/// path, so the results are identical for any thread count.
///
/// Accounting of the writer of one option who holds Δ shares, per step of Δt years
/// (all money in currency units at the time it changes hands). These are the conventions of
/// the historical engine (``ProgramEngine``, its `delta` rule), which gives the same P&L on
/// the same path to 1e-9 of the premium (`KernelEngineAgreementTests`):
/// - financing: `cash ← cash·e^{rΔt}`;
/// - dividends on the shares held over the step, on their value at its start, credited at
///   its end: `cash ← cash + Δ·S_t·(e^{qΔt} − 1)`;
/// - at a rebalancing point, buying `Δ_new − Δ` shares at S costs `(Δ_new − Δ)·S` plus the
///   proportional cost `c·|Δ_new − Δ|·S`;
/// - at expiry the option's payoff is paid in cash and the shares are sold (paying the cost
///   again); P&L and costs are discounted to t = 0 with e^{−rt}.
/// Under the risk-neutral measure (μ = r) every step of this self-financing account has an
/// expected discounted gain of order q·r·Δt² per share (zero with q = 0: the dividend accrues
/// on the step's opening value, as interest does), so the mean P&L is the premium minus the
/// expected discounted payoff and costs.
enum DeltaHedgeKernel {
  /// Vectors per block: 16 vectors = 128 paths, whose state (6 × 16 × 64 bytes) and
  /// generator state (4 × 16 × 64 bytes) stay in the L1 cache.
  static let vectorsPerBlock = 16
  /// Paths per block.
  static var pathsPerBlock: Int { vectorsPerBlock * PathLanes.scalarCount }

  /// Everything the kernel needs, precomputed once per run (money in currency units, times in
  /// years, rates continuously compounded).
  struct Plan: Sendable {
    var pathCount: Int
    var stepCount: Int
    var rebalanceEvery: Int
    var seed: UInt64
    /// +1 call, −1 put.
    var sign: Double
    var spot: Double
    var strike: Double
    /// Proportional cost on traded notional, decimal.
    var costRate: Double
    /// Geometric Brownian motion only: `(μ − q − σ²/2)·Δt` and `σ·√Δt`, σ the realised vol.
    var logDrift: Double
    var logDiffusion: Double
    /// e^{rΔt}.
    var financingFactor: Double
    /// e^{qΔt} − 1.
    var dividendFactor: Double
    /// Per point t in 0…stepCount, for the hedge ratio `sign·dividendDiscount[t]·N(sign·d1)`:
    /// with a constant hedging volatility σ_h, `d1 = d1Intercept[t] + d1Slope[t]·ln(S_t/S_0)`
    /// (`d1Intercept = (ln(S₀/K) + (r − q + σ_h²/2)τ)/(σ_h√τ)`, `d1Slope = 1/(σ_h√τ)`,
    /// τ = T − t·Δt); `discount[t] = e^{−r·t·Δt}`.
    var d1Intercept: [Double]
    var d1Slope: [Double]
    var dividendDiscount: [Double]
    var discount: [Double]
    /// For hedging volatilities that vary along the path: τ and (r − q)·τ per point.
    var timeToExpiry: [Double]
    var carryToExpiry: [Double]
    /// The hedge at t = 0 (shares), and the cash after receiving the premium and buying it.
    var initialDelta: Double
    var initialCash: Double
    /// The proportional cost of the initial purchase (already taken out of `initialCash`).
    var initialCost: Double
    /// Cash dividends (``MonteCarloDeltaHedge/cashDividends``, along given paths only): per
    /// point, the amount per share paid to the shares held over the step ending there, and
    /// the escrowed-dividend deduction `E_t` (present value at t of those paid after t up to
    /// expiry): the hedge ratio is taken at `S_t − E_t`. Empty without cash dividends.
    var cashDividend: [Double] = []
    var escrow: [Double] = []
  }

  /// The state of eight paths.
  struct LaneState {
    /// ln(S_t/S_0) (GBM kernel only).
    var logReturn: PathLanes
    var spot: PathLanes
    /// Shares held.
    var delta: PathLanes
    var cash: PathLanes
    /// Proportional costs paid so far, discounted to t = 0.
    var costs: PathLanes
    /// Trades so far (as doubles, to stay in vector registers).
    var trades: PathLanes
  }

  /// Per-path results, written by the workers into disjoint ranges.
  struct Outputs: @unchecked Sendable {
    let profitAndLoss: UnsafeMutablePointer<Double>
    let transactionCosts: UnsafeMutablePointer<Double>
    let tradeCounts: UnsafeMutablePointer<Int>
  }

  /// One worker's block buffers, allocated once per run.
  final class Workspace: @unchecked Sendable {
    let states: UnsafeMutablePointer<LaneState>
    let streams: UnsafeMutablePointer<LaneRandomStreams>

    init() {
      states = .allocate(capacity: DeltaHedgeKernel.vectorsPerBlock)
      streams = .allocate(capacity: DeltaHedgeKernel.vectorsPerBlock)
    }

    deinit {
      states.deallocate()
      streams.deallocate()
    }
  }

  // MARK: Shared accounting

  /// The state at t = 0 of eight paths: the premium received, the initial hedge bought.
  @inline(__always)
  static func initialState(_ plan: Plan) -> LaneState {
    LaneState(
      logReturn: .zero, spot: PathLanes(repeating: plan.spot),
      delta: PathLanes(repeating: plan.initialDelta), cash: PathLanes(repeating: plan.initialCash),
      costs: PathLanes(repeating: plan.initialCost),
      trades: PathLanes(repeating: plan.initialDelta != 0 ? 1 : 0))
  }

  /// One step of financing (`financing` = e^{rΔt}) and dividends (`dividends` = e^{qΔt} − 1,
  /// on the value of the shares at the start of the step), the price moving to `spot`.
  @inline(__always)
  static func carry(
    _ state: inout LaneState, to spot: PathLanes, financing: Double, dividends: Double
  ) {
    state.cash = state.cash * financing + state.delta * state.spot * dividends
    state.spot = spot
  }

  /// Rebalances to `target` shares at the current spot; `discount` = e^{−rt}. Like the
  /// engine, a trade of at most ``ProgramEngine/quantityTolerance`` shares is not made.
  @inline(__always)
  static func rebalance(
    _ state: inout LaneState, to target: PathLanes, costRate: Double, discount: Double
  ) {
    let wanted = target - state.delta
    let wantedSize = wanted.replacing(with: -wanted, where: wanted .< 0)
    let made = wantedSize .> ProgramEngine.quantityTolerance
    let traded = PathLanes.zero.replacing(with: wanted, where: made)
    let size = PathLanes.zero.replacing(with: wantedSize, where: made)
    let cost = costRate * size * state.spot
    state.cash = state.cash - traded * state.spot - cost
    state.costs = state.costs + cost * discount
    state.trades = state.trades + PathLanes.zero.replacing(with: 1, where: made)
    state.delta = state.delta + traded
  }

  /// Expiry: pays the payoff, sells the shares, writes the discounted results of paths
  /// `firstPath ..< firstPath + PathLanes.scalarCount` (those below `pathCount`).
  @inline(__always)
  static func settle(_ state: LaneState, firstPath: Int, plan: Plan, outputs: Outputs) {
    let discount = plan.discount[plan.stepCount]
    let spot = state.spot
    let intrinsic = plan.sign * (spot - plan.strike)
    let payoff = intrinsic.replacing(with: 0, where: intrinsic .< 0)
    let held = state.delta
    let heldSize = held.replacing(with: -held, where: held .< 0)
    let sold = heldSize .> ProgramEngine.quantityTolerance
    let cost = plan.costRate * PathLanes.zero.replacing(with: heldSize, where: sold) * spot
    let pnl = (state.cash + held * spot - cost - payoff) * discount
    let costs = state.costs + cost * discount
    let trades = state.trades + PathLanes.zero.replacing(with: 1, where: sold)
    for lane in 0..<PathLanes.scalarCount where firstPath + lane < plan.pathCount {
      outputs.profitAndLoss[firstPath + lane] = pnl[lane]
      outputs.transactionCosts[firstPath + lane] = costs[lane]
      outputs.tradeCounts[firstPath + lane] = Int(clamping: trades[lane])
    }
  }

  /// Whether the hedge is rebalanced at point `point` (never at t = 0, done in the initial
  /// state, nor at expiry, where it is unwound).
  @inline(__always)
  static func rebalances(at point: Int, plan: Plan) -> Bool {
    point < plan.stepCount && point % plan.rebalanceEvery == 0
  }

  // MARK: Geometric Brownian motion, fused

  /// Runs every path of `plan` on simulated geometric Brownian motion, generated on the fly
  /// exactly as ``GeometricBrownianMotion/paths(count:steps:timeStep:seed:threads:)`` does.
  static func runGeometricBrownianMotion(_ plan: Plan, threads: Int, outputs: Outputs) {
    let blocks = (plan.pathCount + pathsPerBlock - 1) / pathsPerBlock
    ParallelBlocks.run(blockCount: blocks, threads: threads, workspace: { Workspace() }) {
      block, workspace in
      simulateBlock(block, plan: plan, workspace: workspace, outputs: outputs)
    }
  }

  /// Simulates the paths of block `block` from t = 0 to expiry.
  @inline(never)
  static func simulateBlock(_ block: Int, plan: Plan, workspace: Workspace, outputs: Outputs) {
    let states = workspace.states
    let streams = workspace.streams
    let first = block * pathsPerBlock
    let vectors = min(
      vectorsPerBlock,
      (plan.pathCount - first + PathLanes.scalarCount - 1) / PathLanes.scalarCount)
    let start = initialState(plan)
    for v in 0..<vectors {
      states[v] = start
      streams[v] = LaneRandomStreams(seed: plan.seed, firstPath: first + v * PathLanes.scalarCount)
    }
    let table = Ziggurat.shared
    let constants = Constants(plan)
    for step in 0..<plan.stepCount {
      let terms = StepTerms(point: step + 1, plan: plan)
      for v in 0..<vectors {
        // In place: no copies of the 128-byte generator state or of the path state.
        let z = streams[v].normal(table)
        move(&states[v], shock: z, terms: terms, constants: constants)
      }
    }
    for v in 0..<vectors {
      settle(states[v], firstPath: first + v * PathLanes.scalarCount, plan: plan, outputs: outputs)
    }
  }

  /// The constants of the step that ends at point `point`.
  struct StepTerms {
    var rebalance: Bool
    var intercept: Double
    var slope: Double
    /// sign·e^{−qτ}.
    var scale: Double
    var discount: Double

    @inline(__always)
    init(point: Int, plan: Plan) {
      rebalance = DeltaHedgeKernel.rebalances(at: point, plan: plan)
      intercept = plan.d1Intercept[point]
      slope = plan.d1Slope[point]
      scale = plan.sign * plan.dividendDiscount[point]
      discount = plan.discount[point]
    }
  }

  /// The scalars of the hot loop (no arrays: passing them costs no reference counting).
  struct Constants {
    var spot: Double
    var logDrift: Double
    var logDiffusion: Double
    var financingFactor: Double
    var dividendFactor: Double
    var sign: Double
    var costRate: Double

    init(_ plan: Plan) {
      spot = plan.spot
      logDrift = plan.logDrift
      logDiffusion = plan.logDiffusion
      financingFactor = plan.financingFactor
      dividendFactor = plan.dividendFactor
      sign = plan.sign
      costRate = plan.costRate
    }
  }

  /// One GBM step with shock `z`: price move, carry, and the rebalancing trade if due.
  @inline(__always)
  static func move(
    _ state: inout LaneState, shock z: PathLanes, terms: StepTerms, constants c: Constants
  ) {
    let x = state.logReturn + (c.logDrift + c.logDiffusion * z)
    state.logReturn = x
    carry(&state, to: c.spot * PathMath.exp(x), financing: c.financingFactor, dividends: c.dividendFactor)
    if terms.rebalance {
      let target = terms.scale * PathMath.normalCDF(c.sign * (terms.intercept + terms.slope * x))
      rebalance(&state, to: target, costRate: c.costRate, discount: terms.discount)
    }
  }

  // MARK: Given paths

  /// Runs every path of `paths` (which start at `plan.spot`) up to point `plan.stepCount`,
  /// hedging at the constant volatility behind `plan.d1Intercept`/`d1Slope`, or at the
  /// path's implied volatility when `volatilities` (same layout as the spots) is given.
  static func runAlongPaths(
    _ plan: Plan, paths: SimulatedPaths, volatilities: [Double]?, threads: Int, outputs: Outputs
  ) {
    let width = PathLanes.scalarCount
    let groups = (plan.pathCount + width - 1) / width
    let logSpot = PathMath.log(plan.spot)
    let logSpotOverStrike = logSpot - PathMath.log(plan.strike)
    paths.spots.withUnsafeBufferPointer { spotBuffer in
      (volatilities ?? []).withUnsafeBufferPointer { volBuffer in
        let source = SourceRows(
          spots: spotBuffer.baseAddress!,
          volatilities: volatilities == nil ? nil : volBuffer.baseAddress,
          pointsPerPath: paths.pointsPerPath, pathCount: paths.pathCount)
        ParallelBlocks.run(blockCount: groups, threads: threads) { group in
          let first = group * width
          var state = initialState(plan)
          let paysCash = !plan.cashDividend.isEmpty
          for point in 1...plan.stepCount {
            let spot = source.load(source.spots, firstPath: first, point: point)
            carry(
              &state, to: spot, financing: plan.financingFactor, dividends: plan.dividendFactor)
            if paysCash {
              // The cash dividend on the shares held over the step, credited at its end (as the
              // engine pays it: not financed over the step).
              state.cash = state.cash + state.delta * plan.cashDividend[point]
            }
            guard rebalances(at: point, plan: plan) else { continue }
            // ln(S_t/S_0) (of the escrowed spot with cash dividends); d1 from it, at the
            // constant or the path's volatility.
            let x = PathMath.log(paysCash ? spot - plan.escrow[point] : spot) - logSpot
            let d1: PathLanes
            if let vols = source.volatilities {
              let σ = source.load(vols, firstPath: first, point: point)
              let deviation = σ * plan.timeToExpiry[point].squareRoot()
              d1 =
                ((x + logSpotOverStrike) + plan.carryToExpiry[point]
                  + 0.5 * deviation * deviation) / deviation
            } else {
              d1 = plan.d1Intercept[point] + plan.d1Slope[point] * x
            }
            let target =
              plan.sign * plan.dividendDiscount[point] * PathMath.normalCDF(plan.sign * d1)
            rebalance(&state, to: target, costRate: plan.costRate, discount: plan.discount[point])
          }
          settle(state, firstPath: first, plan: plan, outputs: outputs)
        }
      }
    }
  }

  /// Read access to the rows of a ``SimulatedPaths`` (paths past the end read as path 0).
  struct SourceRows: @unchecked Sendable {
    let spots: UnsafePointer<Double>
    let volatilities: UnsafePointer<Double>?
    let pointsPerPath: Int
    let pathCount: Int

    @inline(__always)
    func load(_ series: UnsafePointer<Double>, firstPath: Int, point: Int) -> PathLanes {
      var values = PathLanes.zero
      for lane in 0..<PathLanes.scalarCount {
        let path = firstPath + lane < pathCount ? firstPath + lane : 0
        values[lane] = series[path * pointsPerPath + point]
      }
      return values
    }
  }
}
