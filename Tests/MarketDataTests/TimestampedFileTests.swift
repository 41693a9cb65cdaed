import Foundation
import HedgeLabTestSupport
import Testing

@testable import MarketData

/// Files stamped in Unix milliseconds (venue exports): UTC days, the last value of each day,
/// funding summed per day, and the located errors for bad input. The fixtures are written by
/// the tests (small, in the venues' export formats).
@Suite("Unix-millisecond files: UTC days, last value, funding")
struct TimestampedFileTests {
  static func ms(_ day: String, hour: Int = 0, minute: Int = 0) -> Int64 {
    Int64(Day(iso: day)!.daysSinceEpoch) * 86_400_000 + Int64(hour) * 3_600_000
      + Int64(minute) * 60_000
  }

  static func write(_ text: String) -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-ts-\(UUID().uuidString).csv")
    FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
    return url.path
  }

  static func daily(_ text: String, funding: Int? = nil) throws(IngestError) -> String {
    try TimestampedFile.daily(
      path: write(text), dateColumn: nil, symbolColumn: nil, valueColumn: nil,
      funding: funding.map { TimestampedFile.FundingInterval(hours: $0) })
  }

  @Test("hourly BTC prices: each UTC day keeps its last price, whatever the row order")
  func lastValueOfDay() throws {
    // The BTC close of 2021-11-08 (67,500.02) is the last quote before 24:00 UTC; 2021-11-09
    // starts at 00:00 UTC exactly.
    let text = """
      timestamp,close
      \(Self.ms("2021-11-08", hour: 23, minute: 59)),67500.02
      \(Self.ms("2021-11-08", hour: 0)),63278.23
      \(Self.ms("2021-11-08", hour: 12)),65000.5
      \(Self.ms("2021-11-09")),67549.14
      \(Self.ms("2021-11-09", hour: 8)),66900

      """
    #expect(try Self.daily(text) == "date,value\n2021-11-08,67500.02\n2021-11-09,66900.0\n")
  }

  @Test("several symbols are kept apart")
  func symbols() throws {
    let text = """
      symbol,timestamp,value
      BTC,\(Self.ms("2021-01-01", hour: 8)),0.8
      ETH,\(Self.ms("2021-01-01", hour: 8)),0.9
      BTC,\(Self.ms("2021-01-01", hour: 9)),0.81

      """
    #expect(try Self.daily(text) == "date,symbol,value\n2021-01-01,BTC,0.81\n2021-01-01,ETH,0.9\n")
  }

  @Test("timestamps in seconds are refused with the line, the column and the fix")
  func secondsAsMilliseconds() {
    let text = "timestamp,close\n\(Self.ms("2021-11-08") / 1000),67500.02\n"
    do {
      _ = try Self.daily(text)
      Issue.record("seconds were accepted")
    } catch {
      let message = "\(error)"
      #expect(message.contains(":2") && message.contains("timestamp"), "\(message)")
      #expect(message.contains("seconds") && message.contains("multiply by 1000"), "\(message)")
    }
  }

  @Test("funding: the day's 8-hour rates are summed")
  func fundingSums() throws {
    var text = "timestamp,funding_rate\n"
    for day in ["2021-03-01", "2021-03-02"] {
      for (hour, rate) in [(0, 0.0001), (8, 0.0002), (16, -0.00005)] {
        text += "\(Self.ms(day, hour: hour)),\(rate)\n"
      }
    }
    let daily = try Self.daily(text, funding: 8)
    let values = daily.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
    #expect(values.count == 2)
    #expect(values.allSatisfy { abs($0 - 0.00025) < 1e-18 })
  }

  @Test("funding: a gap longer than a day and too many payments are located errors")
  func fundingErrors() {
    let gap = """
      timestamp,funding_rate
      \(Self.ms("2021-03-01", hour: 0)),0.0001
      \(Self.ms("2021-03-01", hour: 8)),0.0001
      \(Self.ms("2021-03-03", hour: 16)),0.0001

      """
    do {
      _ = try Self.daily(gap, funding: 8)
      Issue.record("a 56-hour gap was accepted")
    } catch {
      let message = "\(error)"
      #expect(message.contains(":4") && message.contains("gap of 2 days since line 3"), "\(message)")
    }
    var crowded = "timestamp,funding_rate\n"
    for hour in [0, 4, 8, 12] { crowded += "\(Self.ms("2021-03-01", hour: hour)),0.0001\n" }
    do {
      _ = try Self.daily(crowded, funding: 8)
      Issue.record("4 payments in a day at 8h were accepted")
    } catch {
      #expect("\(error)".contains("4 funding payments on 2021-03-01"), "\(error)")
    }
  }

  @Test("the date parser reads unix-ms as the UTC day and refuses second-sized numbers")
  func dateFormat() {
    let stamp = Array(String(Self.ms("2020-03-12", hour: 23)).utf8)
    stamp.withUnsafeBufferPointer { p in
      #expect(ByteParsing.day(p.baseAddress!, 0, p.count, format: .unixMilliseconds) == Day(iso: "2020-03-12"))
    }
    let seconds = Array(String(Self.ms("2020-03-12") / 1000).utf8)
    seconds.withUnsafeBufferPointer { p in
      #expect(ByteParsing.day(p.baseAddress!, 0, p.count, format: .unixMilliseconds) == nil)
    }
  }
}
