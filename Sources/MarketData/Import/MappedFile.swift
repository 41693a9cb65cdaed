#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A read-only memory map of a whole file: the CSV reader works on its bytes in place.
final class MappedFile {
  let base: UnsafePointer<UInt8>
  let count: Int
  private let mapped: UnsafeMutableRawPointer?
  nonisolated(unsafe) private static let emptyByte: UnsafeMutablePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
  }()

  /// Maps `path`. An empty file maps to zero bytes.
  /// - Throws: `IngestError.fileNotFound` or `.unreadableFile`.
  init(path: String) throws(IngestError) {
    let fd = open(path, O_RDONLY)
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
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw .unreadableFile(path: path, reason: "not a regular file")
    }
    let size = Int(info.st_size)
    guard size > 0 else {
      base = UnsafePointer(Self.emptyByte)
      count = 0
      mapped = nil
      return
    }
    let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let p, p != MAP_FAILED else {
      throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
    }
    _ = madvise(p, size, MADV_SEQUENTIAL)
    mapped = p
    base = UnsafePointer(p.assumingMemoryBound(to: UInt8.self))
    count = size
  }

  deinit {
    if let mapped { munmap(mapped, count) }
  }
}
