// One import for programs that embed bulletin: the model, the issue parser, layouts, the layout
// engine, the renderer and its sinks.
//
//     import BulletinKit
//     let renderer = Renderer()
//     let result = try renderer.render(.file("issue.md"))
//     let pdf: Data = try renderer.pdf(result)
@_exported import BulletinCore
@_exported import BulletinModel
@_exported import BulletinSource
@_exported import LayoutSpec
@_exported import BulletinLayout
@_exported import BulletinRender
@_exported import TextEngine

/// The version of the package, as tagged and listed in CHANGELOG.md.
public enum BulletinKitVersion {
    public static let string = "0.3.0"
}
