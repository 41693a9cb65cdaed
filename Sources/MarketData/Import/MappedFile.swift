#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A whole input file read into memory: the CSV reader works on its bytes in place.
///
/// The bytes are copied with `read(2)` (not memory-mapped), so a file truncated or replaced
/// while it is being ingested cannot fault the process: the copy is either complete and
/// consistent (same size, same modification time before and after) or the ingest stops
/// with ``IngestError/unreadableFile(path:reason:)``. The path is checked to be a regular
/// file with `stat` before it is opened, and opened with `O_NONBLOCK`, so a FIFO or a device
/// is refused instead of blocking.
final class MappedFile {
  let base: UnsafePointer<UInt8>
  let count: Int
  private let storage: UnsafeMutableRawPointer

  /// Reads `path`. An empty file gives zero bytes.
  /// - Throws: `IngestError.fileNotFound` or `.unreadableFile`.
  init(path: String) throws(IngestError) {
    var before = stat()
    guard stat(path, &before) == 0 else {
      let code = errno
      if code == ENOENT { throw .fileNotFound(path: path) }
      throw .unreadableFile(path: path, reason: String(cString: strerror(code)))
    }
    guard (before.st_mode & S_IFMT) == S_IFREG else {
      let what = (before.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file (a pipe, socket or device)"
      throw .unreadableFile(path: path, reason: what)
    }
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    guard fd >= 0 else {
      let code = errno
      if code == ENOENT { throw .fileNotFound(path: path) }
      throw .unreadableFile(path: path, reason: String(cString: strerror(code)))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
    }
    guard (info.st_mode & S_IFMT) == S_IFREG, info.st_ino == before.st_ino, info.st_dev == before.st_dev else {
      throw .unreadableFile(path: path, reason: "it was replaced while being opened; try again")
    }
    guard info.st_size >= 0, let size = Int(exactly: info.st_size) else {
      throw .unreadableFile(path: path, reason: "its size (\(info.st_size) bytes) is not usable")
    }
    // One spare byte: a zero after the data (readers never go past `count`).
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: size + 1, alignment: 16)
    var done = 0
    while done < size {
      let n = read(fd, buffer + done, min(size - done, 1 << 24))
      if n < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        let reason = String(cString: strerror(errno))
        buffer.deallocate()
        throw .unreadableFile(path: path, reason: reason)
      }
      if n == 0 { break }
      done += n
    }
    var after = stat()
    let unchanged =
      done == size && fstat(fd, &after) == 0 && after.st_size == info.st_size
      && Self.modified(after) == Self.modified(info)
    guard unchanged else {
      buffer.deallocate()
      throw .unreadableFile(
        path: path, reason: "it changed while being read (\(size) bytes expected, \(done) read); try again once nothing writes to it")
    }
    buffer.storeBytes(of: 0, toByteOffset: size, as: UInt8.self)
    storage = buffer
    base = UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self))
    count = size
  }

  deinit { storage.deallocate() }

  /// The modification time, in seconds and nanoseconds.
  private static func modified(_ info: stat) -> [Int] {
    #if canImport(Darwin)
      return [Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec)]
    #else
      return [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
    #endif
  }
}

/// Reading any input file (CSV, scenario) the same safe way: a regular file checked with
/// `stat` before it is opened, read with `read(2)`, never blocking on a FIFO.
public enum InputFile {
  /// The bytes of the file at `path`, when it has at most `limit` bytes.
  /// - Throws: `IngestError.fileNotFound`, or `.unreadableFile` (not a regular file, too
  ///   large, changed while read, no permission).
  public static func bytes(at path: String, limit: Int) throws(IngestError) -> [UInt8] {
    var info = stat()
    if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > limit {
      throw .unreadableFile(path: path, reason: "it has \(info.st_size) bytes, more than the \(limit) allowed")
    }
    let file = try MappedFile(path: path)
    return Array(UnsafeBufferPointer(start: file.base, count: file.count))
  }

  /// Where `bytes` stop being UTF-8: the offset of the first invalid byte and its 1-based
  /// line, or `nil` when they are valid UTF-8.
  public static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, line: Int)? {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var offset = 0
    var line = 1
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += UTF8.width(scalar)
        if scalar == "\n" { line += 1 }
      case .emptyInput:
        return nil
      case .error:
        return (offset, line)
      }
    }
  }
}
