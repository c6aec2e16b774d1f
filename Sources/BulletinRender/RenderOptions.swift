import Foundation
import BulletinCore
import BulletinSource
import LayoutSpec

/// Everything that decides how an issue is rendered, besides the issue itself: one value, resolved
/// in one place, used by `render`, the batch worker, `preview`, the tests and library users alike.
public struct RenderOptions: Sendable, Hashable {
    /// A layout name or path that overrides the issue's own `layout:`.
    public var layout: String?
    /// Folders searched for layouts before the standard ones.
    public var layoutDirectories: [String]
    /// Font folders; nil means the standard ones for the issue (`./Fonts`, the issue's `Fonts/`,
    /// `$BULLETIN_FONTS`, the tool's own).
    public var fontFolders: [String]?
    public var limits: RenderLimits
    /// Warnings fail the render.
    public var strict: Bool
    /// The PDF's creation date as seconds since 1970; nil means the issue's date. The command line
    /// fills it from `SOURCE_DATE_EPOCH`.
    public var creationEpoch: Double?
    /// While the issue is laid out, a second thread loads ICU's dictionary. No byte of the output
    /// depends on it: leave it off where no core is spare (a batch keeps every core rendering an
    /// issue).
    public var prepareInBackground: Bool

    public init(layout: String? = nil, layoutDirectories: [String] = [], fontFolders: [String]? = nil,
                limits: RenderLimits = .standard, strict: Bool = false, creationEpoch: Double? = nil, prepareInBackground: Bool = true) {
        self.layout = layout; self.layoutDirectories = layoutDirectories; self.fontFolders = fontFolders
        self.limits = limits; self.strict = strict; self.creationEpoch = creationEpoch; self.prepareInBackground = prepareInBackground
    }

    /// The layout used when neither the options nor the issue name one.
    public static let defaultLayout = "zhuanbao"

    /// Which layout an issue gets and the folder a relative layout path is read from: an override
    /// from the command line is relative to the current folder, an issue's own `layout:` to the issue.
    public func layoutReference(issueLayout: String?, issueDirectory: String) -> (name: String, base: String) {
        if let layout { return (layout, FileManager.default.currentDirectoryPath) }
        return (issueLayout ?? RenderOptions.defaultLayout, issueDirectory)
    }

    public func layoutLoader(issueDirectory: String) -> LayoutLoader {
        var loader = LayoutLoader.standard(issueDirectory: issueDirectory)
        loader.searchDirectories = layoutDirectories + loader.searchDirectories
        return loader
    }

    public func resolvedFontFolders(issueDirectory: String?) -> [String] {
        fontFolders ?? InstallLocation.searchFolders(named: "Fonts", environment: "BULLETIN_FONTS", issueDirectory: issueDirectory)
    }

    /// `SOURCE_DATE_EPOCH` read once; an invalid value is an error rather than silently ignored.
    public static func creationEpoch(fromEnvironment env: [String: String] = ProcessInfo.processInfo.environment) throws -> Double? {
        // Set but empty counts as unset, as reproducible-builds tools treat it.
        guard let text = env["SOURCE_DATE_EPOCH"], !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let whole = Int(text.trimmingCharacters(in: .whitespaces)), case let seconds = Double(whole),
              seconds >= 0, seconds < 253_402_300_800 else {
            throw Diagnostic.error("SOURCE_DATE_EPOCH is '\(text)', not a number of seconds between 1970 and 9999",
                                   hint: "set it to a whole number such as 1720483200, or unset it")
        }
        return seconds
    }
}

/// Limits a user can raise, so that a runaway file fails clearly instead of taking the machine.
public struct RenderLimits: Sendable, Hashable {
    public var parse: ParseLimits
    public var maxPages: Int
    public init(parse: ParseLimits = .standard, maxPages: Int = 1000) { self.parse = parse; self.maxPages = maxPages }
    public static let standard = RenderLimits()
}
