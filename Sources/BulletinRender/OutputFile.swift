import Foundation
import BulletinCore

/// Where rendered bytes go: a file written safely, or standard output.
public enum OutputFile {
    /// Writes `data` to `path` through a temporary file in the same folder that is flushed to disk
    /// and renamed into place, so a failed or interrupted write never leaves a partial file or
    /// replaces a good one. `-` writes to standard output.
    /// `inputs` are the files the output was made from: writing over one of them is refused,
    /// whatever name reaches it (the same device and inode).
    public static func write(_ data: Data, to path: String, inputs: [String] = []) throws {
        if path == "-" {
            try writeAll(data, to: STDOUT_FILENO, what: "standard output")
            return
        }
        try AtomicFile.write(to: path, inputs: inputs) { fd in try writeAll(data, to: fd, what: path) }
    }

    /// Fault injection for the tests where a small file system cannot be mounted: writes past this
    /// many bytes fail as a full disk does.
    static let injectedCapacity = ProcessInfo.processInfo.environment["BULLETIN_FAULT_DISK_BYTES"].flatMap { Int($0) }

    static func writeAll(_ data: Data, to fd: Int32, what: String) throws {
        if let cap = injectedCapacity, data.count > cap {
            throw Diagnostic.error("cannot write \(what): \(String(cString: strerror(ENOSPC)))")
        }
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
    public static func write(to path: String, inputs: [String] = [], _ body: (Int32) throws -> Void) throws {
        var st = stat()
        var mode: mode_t = 0o644
        if lstat(path, &st) == 0 {
            let kind = st.st_mode & S_IFMT
            if kind == S_IFDIR { throw Diagnostic.error("output path \(path) is a directory") }
            if kind == S_IFLNK {
                // Write where the link points, keeping the link.
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else {
                    throw Diagnostic.error("output path \(path) is a broken symbolic link")
                }
                let resolved = target.hasPrefix("/") ? target : PathName.join(PathName.directory(path), target)
                return try write(to: resolved, inputs: inputs, body)
            }
            if kind != S_IFREG {
                throw Diagnostic.error("output path \(path) is not a regular file (a device, FIFO or socket); nothing was written",
                                       hint: "write to a file, or use `-o -` for standard output")
            }
            for input in inputs {
                var other = stat()
                if stat(input, &other) == 0, other.st_dev == st.st_dev, other.st_ino == st.st_ino {
                    throw Diagnostic.error("output path \(path) is the input file \(input); nothing was written",
                                           hint: "give another output with -o")
                }
            }
            mode = st.st_mode & 0o7777
        }
        let dir = Renderer.directory(of: path)
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
            throw Diagnostic.error("output folder \(dir) does not exist")
        }
        removeStaleTemporaryFiles(in: dir, for: PathName.lastComponent(path))
        let temp = "\(dir)/.\(PathName.lastComponent(path)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Diagnostic.error("cannot write into \(dir): \(String(cString: strerror(errno)))")
        }
        var isOpen = true
        do {
            try body(fd)
            // An overwritten output keeps its mode; a new one gets the usual 0644.
            guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw Diagnostic.error("cannot write \(path): \(String(cString: strerror(errno)))") }
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

    /// Temporary files a killed run left beside the output (`.NAME.PID.RANDOM.tmp` whose process is
    /// gone). Those of running processes stay: several renders to one output may run at once.
    static func removeStaleTemporaryFiles(in dir: String, for name: String) {
        removeStaleTemporaryFiles(in: dir) { $0 == name }
    }

    /// The same for every output name `matches` accepts (all page images of a folder).
    static func removeStaleTemporaryFiles(in dir: String, matching matches: (String) -> Bool) {
        for f in hiddenTemporaryFiles(in: dir) {
            // .NAME.PID.RANDOM.tmp
            let parts = f.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 4, let pid = Int32(parts[parts.count - 3]) else { continue }
            let name = parts.dropLast(3).joined(separator: ".")
            guard matches(name) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(dir + "/" + f) }
        }
    }
}

/// The `.…tmp` entries of a folder. Read with readdir, looking only at names starting with a dot:
/// outputs often go to big folders (a year of PDFs, /tmp), and a Swift string for every entry
/// cost more than the render's own writing.
private func hiddenTemporaryFiles(in dir: String) -> [String] {
    guard let d = opendir(dir) else { return [] }
    defer { closedir(d) }
    var found: [String] = []
    while let entry = readdir(d) {
        let name: String? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            guard raw.first == UInt8(ascii: ".") else { return nil }
            let bytes = raw.prefix { $0 != 0 }
            guard bytes.count > 4, bytes.suffix(4).elementsEqual(".tmp".utf8) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        if let name { found.append(name) }
    }
    return found
}

/// Page images written as `page-1.png`, `page-2.png`, … into a folder.
public enum PageImages {
    /// Removes `page-N.png` past `count`, left by an earlier, longer render: a folder of pages shows
    /// this render's pages only.
    public static func removeBeyond(_ count: Int, in folder: String) {
        var n = count + 1
        while unlink("\(folder)/page-\(n).png") == 0 { n += 1 }
        // Half-written pages of a killed run, whichever pages they were.
        AtomicFile.removeStaleTemporaryFiles(in: folder) { OutputPlan.isPageImage(folder + "/" + $0, in: folder) }
    }
}

/// Output folders (`--out`, `--png`, a preview folder): made when missing, with the cause named
/// when that cannot be done.
public enum OutputFolder {
    public static func make(_ path: String, option: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else {
                throw Diagnostic.error("\(option) \(path) is a file, not a folder", hint: "name a folder (it is made when missing)")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            var reason = "it cannot be made"
            var parent = PathName.directory(path)
            while !parent.isEmpty, stat(parent, &st) != 0 { parent = PathName.directory(parent) }
            if !parent.isEmpty, access(parent, W_OK) != 0 { reason = "permission denied in \(parent)" }
            else if !parent.isEmpty, st.st_mode & S_IFMT != S_IFDIR { reason = "\(parent) is a file" }
            throw Diagnostic.error("cannot make the folder \(path) for \(option): \(reason)")
        }
    }
}

/// Checks, before any work, that a command's outputs cannot destroy what it reads or writes:
/// no output is one of the inputs (same device and inode, whatever the name), no two outputs are
/// the same file, and no output is a directory or special file.
public enum OutputPlan {
    public static func check(outputs: [(path: String, option: String)], inputs: [String]) throws {
        var seen: [String: String] = [:]
        for (path, option) in outputs where path != "-" {
            if path.isEmpty { throw Diagnostic.error("\(option) needs a file name, not an empty one") }
            let key = InstallLocationPath.normalised(path)
            if let other = seen[key] {
                throw Diagnostic.error("\(option) \(path) is the same file as \(other); nothing was written", hint: "give each output its own name")
            }
            seen[key] = option
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            let kind = st.st_mode & S_IFMT
            if kind == S_IFDIR { throw Diagnostic.error("\(option) \(path) is a directory") }
            if kind != S_IFREG {
                throw Diagnostic.error("\(option) \(path) is not a regular file (a device, FIFO or socket); nothing was written")
            }
            for input in inputs {
                var other = stat()
                if stat(input, &other) == 0, other.st_dev == st.st_dev, other.st_ino == st.st_ino {
                    throw Diagnostic.error("\(option) \(path) is the input file \(input); nothing was written",
                                           hint: "give \(option) another name")
                }
            }
        }
    }

    /// Whether `path` is one of the files a page-image folder gets (`page-N.png`, contact sheets):
    /// a render into that folder would replace it.
    public static func isPageImage(_ path: String, in folder: String) -> Bool {
        guard InstallLocationPath.normalised(PathName.directory(path).isEmpty ? "." : PathName.directory(path)) == InstallLocationPath.normalised(folder) else { return false }
        let name = PathName.lastComponent(path)
        guard name.hasSuffix(".png") else { return false }
        let stem = name.dropLast(4)
        if stem.hasPrefix("page-"), Int(stem.dropFirst(5)) != nil { return true }
        return stem.hasPrefix("contact-sheet")
    }
}

/// Paths made absolute and standardised (`./x/../x.md` is `x.md`), to compare names of files that may not exist yet.
enum InstallLocationPath {
    static func normalised(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for p in absolute.split(separator: "/") {
            if p == "." || p.isEmpty { continue }
            if p == ".." { _ = parts.popLast(); continue }
            parts.append(p)
        }
        var resolved = "/" + parts.joined(separator: "/")
        // Through symbolic links of the folders that exist.
        if let real = realpath(PathName.directory(resolved), nil) {
            resolved = String(cString: real) + "/" + PathName.lastComponent(resolved)
            free(real)
        }
        return resolved
    }
}
