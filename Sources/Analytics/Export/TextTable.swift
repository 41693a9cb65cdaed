/// Plain-text tables: one layout for every command (`run`, `compare`, `report`, `runs list`,
/// `risk`, path runs, `data list`, `price`, `bench suite`).
public enum TextTable {
  /// Rows aligned in columns two spaces apart: the columns in `leftAligned` padded on the
  /// right, the others (numbers) on the left; each line starts with `indent`; trailing
  /// spaces removed. A row may have fewer cells than the widest (a section title: one cell;
  /// an empty row: an empty line); a column's width is its widest cell over all rows.
  public static func aligned(_ rows: [[String]], leftAligned: Set<Int>, indent: String = "") -> String {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    var text = ""
    for row in rows {
      var cells = [String]()
      for (c, cell) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[c] - cell.count)
        cells.append(leftAligned.contains(c) ? cell + pad : pad + cell)
      }
      text += (row.isEmpty ? "" : indent + cells.joined(separator: "  ")).trailingSpacesRemoved + "\n"
    }
    return text
  }
}
