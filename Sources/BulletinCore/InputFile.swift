import Foundation

/// Reads an input file (an issue, a layout) with an error that names the cause: missing,
/// unreadable, a folder, not a regular file (a FIFO or a device, which could block or never end),
/// a symbolic link loop, or larger than the limit. Every input goes through here.
public enum InputFile {
    /// `limitHint`: how to get past the size limit, where the command has a way.
    public static func read(_ path: String, what: String, maxBytes: Int, limitHint: String? = "raise it with --max-source-size BYTES") throws -> Data {
        let at = SourceLocation(file: path, line: 1, column: 1)
        var st = stat()
        if stat(path, &st) != 0 {
            switch errno {
            case ENOENT: throw Diagnostic.error("no such file: \(path)")
            case ELOOP: throw Diagnostic.error("\(path) is a symbolic link that loops back on itself")
            case EACCES: throw Diagnostic.error("permission denied: \(path)", hint: "check the file's permissions (ls -l)")
            default: throw Diagnostic.error("cannot read \(path): \(String(cString: strerror(errno)))")
            }
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: throw Diagnostic.error("\(path) is a directory, not \(what)")
        case S_IFREG: break
        default: throw Diagnostic.error("\(path) is not a regular file (a FIFO, socket or device), not \(what)")
        }
        if Int(st.st_size) > maxBytes {
            throw Diagnostic.error(String(format: "the file is %.1f MB, larger than the limit of %.1f MB", Double(st.st_size) / 1e6, Double(maxBytes) / 1e6),
                                   at: at, hint: limitHint)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == EACCES { throw Diagnostic.error("permission denied: \(path)", hint: "check the file's permissions (ls -l)") }
            throw Diagnostic.error("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Foundation.read(fd, &buffer, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw Diagnostic.error("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
            if out.count > maxBytes { throw Diagnostic.error("the file grew past the limit while it was read", at: at) }
        }
        return out
    }

    /// Text that is UTF-16 (a byte-order mark, or NUL bytes every other byte): named, with the
    /// command that converts it.
    public static func utf16Problem(_ data: Data, path: String) -> Diagnostic? {
        let b = [UInt8](data.prefix(64))
        let bom = b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF])
        let zeros = b.count >= 8 && stride(from: 0, to: b.count - 1, by: 2).filter { b[$0] == 0 || b[$0 + 1] == 0 }.count > b.count / 4
        guard bom || zeros else { return nil }
        return .error("the file looks like UTF-16, not UTF-8", at: SourceLocation(file: path, line: 1, column: 1),
                      hint: "convert it with `iconv -f UTF-16 -t UTF-8 \(PathName.lastComponent(path)) > new.\(PathName.pathExtension(path).isEmpty ? "md" : PathName.pathExtension(path))`")
    }
}
