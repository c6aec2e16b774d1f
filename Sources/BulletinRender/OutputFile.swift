import Foundation
import BulletinCore

/// Where rendered bytes go: a file written safely, or standard output.
public enum OutputFile {
    /// Writes `data` to `path` through a temporary file in the same folder that is flushed to disk
    /// and renamed into place, so a failed or interrupted write never leaves a partial file or
    /// replaces a good one. `-` writes to standard output.
    public static func write(_ data: Data, to path: String) throws {
        if path == "-" {
            try writeAll(data, to: STDOUT_FILENO, what: "standard output")
            return
        }
        try AtomicFile.write(to: path) { fd in try writeAll(data, to: fd, what: path) }
    }

    static func writeAll(_ data: Data, to fd: Int32, what: String) throws {
        try data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Diagnostic.error("cannot write \(what): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }
}

/// Write-to-temporary-then-rename, with every write, flush and close checked.
public enum AtomicFile {
    public static func write(to path: String, _ body: (Int32) throws -> Void) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw Diagnostic.error("output path \(path) is a directory")
        }
        let dir = Renderer.directory(of: path)
        if !fm.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
            throw Diagnostic.error("output folder \(dir) does not exist")
        }
        let temp = "\(dir)/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Diagnostic.error("cannot write into \(dir): \(String(cString: strerror(errno)))")
        }
        var isOpen = true
        do {
            try body(fd)
            guard fsync(fd) == 0 else { throw Diagnostic.error("cannot write \(path): \(String(cString: strerror(errno)))") }
            isOpen = false
            guard close(fd) == 0 else { throw Diagnostic.error("cannot write \(path): \(String(cString: strerror(errno)))") }
        } catch {
            if isOpen { close(fd) }
            unlink(temp)
            throw error
        }
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw Diagnostic.error("cannot move the output into place at \(path): \(reason)")
        }
        let dirFD = open(dir, O_RDONLY | O_DIRECTORY)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }
}
