import XCTest
import BulletinCore
import LayoutSpec
@testable import BulletinLayout
import TextEngine

final class DebugScratchTests: XCTestCase {
    func testScratch() throws {
        let spec = try builtInLayouts().load("zhuanbao")
        let pm = PangoMeasurer(system: FontSystem(fontFolders: []))
        let ts = Typesetter(measurer: pm, typesetting: spec.typesetting)
        let pitch = spec.characterPitch
        let run = TextRun("舒服来自标点——标点挤压得当……好·的“一带”", face: FontFace(family: "Noto Serif CJK SC"), size: 16.pt, letterSpacing: pitch - 16.pt)
        let units = ts.units([run])
        for u in units.prefix(30) { print("unit", u.text, u.advance, u.cls, u.glue.width, u.breakBefore, u.cells) }
        let w = spec.page.textWidth
        for o in LineBreaker.options(units, from: 0, width: w - pitch * 2) { print("option", o) }
        let lines = ts.compose([run], firstLineWidth: w - pitch * 2, width: w, justify: true)
        for l in lines { print(l.text, l.width) }
    }
}
