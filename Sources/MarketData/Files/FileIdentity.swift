#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which file a path names, after following symbolic links: its device and inode when it
/// exists, else its folder's device and inode and its last component (the file a write would
/// create). Two paths name the same file exactly when their identities are equal, whatever
/// their spelling (`./a.csv`, `dir/../a.csv`, a link, a hard link).
public struct FileIdentity: Hashable, Sendable {
  private enum Storage: Hashable, Sendable {
    case existing(device: UInt64, inode: UInt64)
    case toBeCreated(folderDevice: UInt64, folderInode: UInt64, name: String)
    /// A path whose folder does not exist either: compared by its text.
    case unresolved(String)
  }

  private let storage: Storage

  /// The identity of `path` (relative paths are relative to the current folder).
  public init(path: String) {
    var info = stat()
    if stat(path, &info) == 0 {
      storage = .existing(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
      return
    }
    var folder = path
    var name = path
    if let slash = path.lastIndex(of: "/") {
      folder = String(path[..<slash])
      if folder.isEmpty { folder = "/" }
      name = String(path[path.index(after: slash)...])
    } else {
      folder = "."
    }
    if !name.isEmpty, stat(folder, &info) == 0 {
      storage = .toBeCreated(folderDevice: UInt64(info.st_dev), folderInode: UInt64(info.st_ino), name: name)
    } else {
      storage = .unresolved(path)
    }
  }

  /// One path of a command line with the flag (or argument name) that gave it.
  public struct NamedPath: Sendable {
    public enum Role: Sendable { case input, output }
    public var flag: String
    public var path: String
    public var role: Role

    public init(_ flag: String, _ path: String, _ role: Role) {
      self.flag = flag
      self.path = path
      self.role = role
    }

    /// The SQLite database at `path` as an output: the file and its `-wal`, `-shm` and
    /// `-journal` companions, which SQLite writes beside it.
    public static func database(_ flag: String, _ path: String) -> [NamedPath] {
      ["", "-wal", "-shm", "-journal"].map { NamedPath(flag, path + $0, .output) }
    }
  }

  /// The first pair of paths that name the same file where at least one of them is written:
  /// an output over an input, or two outputs over each other. Inputs read twice are fine.
  public static func firstClash(_ paths: [NamedPath]) -> (NamedPath, NamedPath)? {
    let identities = paths.map { FileIdentity(path: $0.path) }
    for j in paths.indices {
      for i in 0..<j where identities[i] == identities[j] {
        if paths[i].role == .output || paths[j].role == .output { return (paths[i], paths[j]) }
      }
    }
    return nil
  }

  /// The message for a clash found by ``firstClash(_:)``: both flags and paths, and what to do.
  public static func clashMessage(_ clash: (NamedPath, NamedPath)) -> String {
    let (written, other) = clash.1.role == .output ? (clash.1, clash.0) : (clash.0, clash.1)
    let lost = other.flag == "--db" || other.flag == "data.database" ? "the database" : other.role == .input ? "the input" : "the other output"
    return "\(written.flag) '\(written.path)' is the same file as \(other.flag) '\(other.path)'; writing it would destroy \(lost). Choose another path for \(written.flag)"
  }
}
