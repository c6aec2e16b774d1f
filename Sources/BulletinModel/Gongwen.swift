import BulletinCore

/// A 公文 (GB/T 9704-2012 党政机关公文): the 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号,
/// 签发人), the 主体 (标题, 主送机关, 正文, 附件说明, 署名, 成文日期, 印章, 附注, 附件) and the
/// 版记 (抄送, 印发机关, 印发日期).
public struct Gongwen: Codable, Hashable, Sendable {
    public var layout: String?
    /// 份号: six digits, when the document is numbered.
    public var copyNumber: String?
    /// 密级 (秘密, 机密, 绝密) and 保密期限 (e.g. 1年).
    public var secrecy: String?
    public var secrecyPeriod: String?
    /// 紧急程度 (特急, 加急).
    public var urgency: String?
    /// 发文机关: one, or several for a joint document (the host first).
    public var issuers: [String]
    /// The 标志 as printed, e.g. 江苏省总工会文件; default: the issuer and 文件.
    public var sign: String?
    /// 发文字号, e.g. 苏工发〔2024〕9号.
    public var number: String
    /// 签发人 of a 上行文.
    public var signers: [String]
    public var title: String
    /// 主送机关, without the closing colon.
    public var addressee: String?
    public var body: [Block]
    /// 附件 names, for the 附件说明; and their texts, each set on pages of its own.
    public var attachments: [GongwenAttachment]
    /// 署名 (default: the issuers).
    public var signature: [String]
    public var date: IssueDate
    /// An image of the seal, placed over the 署名 and date.
    public var seal: String?
    /// 附注, printed in （）.
    public var remark: String?
    /// 抄送 (the 版记).
    public var cc: [String]
    /// 印发机关 and 印发日期.
    public var printer: String?
    public var printDate: IssueDate?
    public var span: Positions<[String: SourceSpan]>

    public init(layout: String? = nil, copyNumber: String? = nil, secrecy: String? = nil, secrecyPeriod: String? = nil, urgency: String? = nil,
                issuers: [String], sign: String? = nil, number: String, signers: [String] = [], title: String, addressee: String? = nil,
                body: [Block], attachments: [GongwenAttachment] = [], signature: [String] = [], date: IssueDate, seal: String? = nil,
                remark: String? = nil, cc: [String] = [], printer: String? = nil, printDate: IssueDate? = nil, span: [String: SourceSpan]? = nil) {
        self.layout = layout; self.copyNumber = copyNumber; self.secrecy = secrecy; self.secrecyPeriod = secrecyPeriod; self.urgency = urgency
        self.issuers = issuers; self.sign = sign; self.number = number; self.signers = signers; self.title = title; self.addressee = addressee
        self.body = body; self.attachments = attachments; self.signature = signature; self.date = date; self.seal = seal
        self.remark = remark; self.cc = cc; self.printer = printer; self.printDate = printDate; self.span = Positions(span)
    }

    /// The 标志 as printed.
    public var signText: String { sign ?? (issuers.count == 1 ? issuers[0] + "文件" : issuers.joined() + "文件") }
}

/// An attachment: its name (listed in the 附件说明) and its text (set after the document).
public struct GongwenAttachment: Codable, Hashable, Sendable {
    public var name: String
    public var body: [Block]
    public init(name: String, body: [Block] = []) { self.name = name; self.body = body }
}

/// What a render reads: a bulletin issue or a 公文; the layout's `document:` says which.
public enum Document: Sendable, Hashable {
    case bulletin(Issue)
    case gongwen(Gongwen)
}
