using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Radius;

/// <summary>
/// The lines of <c>debug radius</c>, in one place. The shape follows the ASA's (a session trail, and with
/// <c>decode</c> each packet as raw bytes and parsed attributes), but no sample of it was at hand: every
/// line here is from memory [M]. The ASA also prints the shared secret in its session trail; AsaEmu never
/// prints a secret.
/// </summary>
public static class RadiusDebug
{
    /// <summary>The level of the session trail (<c>debug radius session</c>, and every other form).</summary>
    public const int Session = 1;
    /// <summary>The level of the packet decodes (<c>debug radius</c>, <c>all</c> or <c>decode</c>).</summary>
    public const int Decode = 2;

    public static AsaEvent Line(int level, string text) => new(EventCategory.Radius, level, text);

    /// <summary><c>radius mkreq: 0x15</c> / <c>alloc_rip</c> / <c>add_req</c>: a request is made.</summary>
    public static AsaEvent Made(uint session, byte id, string user) =>
        Line(Session, $"radius mkreq: 0x{session:x}\n    new request 0x{session:x} --> {id}\ngot user '{Sanitised(user)}'\ngot password\nadd_req session 0x{session:x} id {id}\nRADIUS_REQUEST");

    /// <summary><c>send pkt 198.18.1.2/1812</c></summary>
    public static AsaEvent Sent(IPEndPoint server, bool retransmission) =>
        Line(Session, retransmission ? $"RADIUS_TIMEOUT: retransmitting\nsend pkt {server.Address}/{server.Port}" : $"send pkt {server.Address}/{server.Port}");

    public static AsaEvent Verified() => Line(Session, "rad_vrfy() : response message verified");

    /// <summary>An answer dropped: its authenticators did not check, or it did not decode, or nothing waited for it.</summary>
    public static AsaEvent Dropped(IPEndPoint from, string why) => Line(Session, $"rad_vrfy() : {why} from {from.Address}/{from.Port}, packet dropped");

    public static string Why(ResponseCheck check) => check switch
    {
        ResponseCheck.BadAuthenticator => "bad response authenticator",
        ResponseCheck.MissingMessageAuthenticator => "msg authenticator missing",
        _ => "msg authenticator mismatch",
    };

    /// <summary><c>rad_procpkt: ACCEPT</c> and the end of the request.</summary>
    public static AsaEvent Processed(RadiusCode code, uint session, byte id)
    {
        var (word, end) = code switch
        {
            RadiusCode.AccessAccept => ("ACCEPT", "RADIUS_ACCESS_ACCEPT: normal termination"),
            RadiusCode.AccessReject => ("REJECT", "RADIUS_REJECT: normal termination"),
            RadiusCode.AccessChallenge => ("CHALLENGE", "RADIUS_CHALLENGE: normal termination"),
            _ => ("ACCOUNTING RESPONSE", "RADIUS_ACCT_RESPONSE: normal termination"),
        };
        return Line(Session, $"rad_procpkt: {word}\n{end}\nRADIUS_DELETE\nremove_req session 0x{session:x} id {id}\nradius: send queue empty");
    }

    /// <summary>No answer in time from a server: the next one is tried, or the request ends.</summary>
    public static AsaEvent TimedOut(IPEndPoint server, uint session, byte id) =>
        Line(Session, $"RADIUS_TIMEOUT: no response from {server.Address}/{server.Port}\nRADIUS_DELETE\nremove_req session 0x{session:x} id {id}");

    /// <summary>
    /// The decode of one packet: the title (<c>authentication request</c>, <c>response</c>,
    /// <c>accounting request</c>), the raw bytes and each attribute.
    /// </summary>
    public static AsaEvent Decoded(string title, ReadOnlySpan<byte> raw, RadiusPacket packet)
    {
        var text = new StringBuilder();
        text.Append("RADIUS packet decode (").Append(title).Append(")\n\n--------------------------------------\n");
        text.Append(CultureInfo.InvariantCulture, $"Raw packet data (length = {raw.Length}).....\n");
        Dump(text, raw);
        text.Append("Parsed packet data.....\n");
        text.Append(CultureInfo.InvariantCulture, $"Radius: Code = {(byte)packet.Code} (0x{(byte)packet.Code:X2})\n");
        text.Append(CultureInfo.InvariantCulture, $"Radius: Identifier = {packet.Identifier} (0x{packet.Identifier:X2})\n");
        text.Append(CultureInfo.InvariantCulture, $"Radius: Length = {raw.Length} (0x{raw.Length:X4})\n");
        text.Append("Radius: Vector: ").Append(Convert.ToHexString(packet.Authenticator.Span)).Append('\n');
        foreach (var a in packet.Attributes)
        {
            var (name, kind) = RadiusAttributeType.Describe(a.Type);
            text.Append(CultureInfo.InvariantCulture, $"Radius: Type = {a.Type} (0x{a.Type:X2}) {name}\n");
            text.Append(CultureInfo.InvariantCulture, $"Radius: Length = {a.Value.Length + 2} (0x{a.Value.Length + 2:X2})\n");
            if (kind == RadiusValueKind.VendorSpecific && a.AsVendor is { } vsa)
            {
                var (vendorName, vendorKind) = RadiusAttributeType.DescribeVendor(vsa.Vendor, vsa.Type);
                text.Append(CultureInfo.InvariantCulture, $"Radius: Vendor ID = {vsa.Vendor} (0x{vsa.Vendor:X8})\n");
                text.Append(CultureInfo.InvariantCulture, $"Radius: Type = {vsa.Type} (0x{vsa.Type:X2}) {vendorName}\n");
                text.Append(CultureInfo.InvariantCulture, $"Radius: Length = {vsa.Value.Length + 2} (0x{vsa.Value.Length + 2:X2})\n");
                Value(text, vendorKind, vsa.Value.Span);
            }
            else Value(text, kind, a.Value.Span);
        }
        return Line(Decode, text.ToString().TrimEnd('\n'));
    }

    private static void Value(StringBuilder text, RadiusValueKind kind, ReadOnlySpan<byte> value)
    {
        if (kind == RadiusValueKind.Address && value.Length == 4)
            text.Append(CultureInfo.InvariantCulture, $"Radius: Value (IP Address) = {new IPAddress(value)} (0x{BinaryPrimitives.ReadUInt32BigEndian(value):X8})\n");
        else if (kind == RadiusValueKind.Integer && value.Length == 4)
            text.Append(CultureInfo.InvariantCulture, $"Radius: Value (Integer) = {BinaryPrimitives.ReadUInt32BigEndian(value)} (0x{BinaryPrimitives.ReadUInt32BigEndian(value):X4})\n");
        else
        {
            text.Append("Radius: Value (String) = \n");
            Dump(text, value);
        }
    }

    /// <summary>16 bytes a line in hex, then the printable ones: <c>72 61 64 75 73 65 72   |  raduser</c>.</summary>
    private static void Dump(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        for (var at = 0; at < bytes.Length; at += 16)
        {
            var line = bytes.Slice(at, Math.Min(16, bytes.Length - at));
            var start = text.Length;
            foreach (var b in line) text.Append(CultureInfo.InvariantCulture, $"{b:x2} ");
            text.Append(' ', 48 - (text.Length - start));
            text.Append(" |  ");
            foreach (var b in line) text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
            text.Append('\n');
        }
    }

    /// <summary>A user name made safe for a terminal (printable ASCII, at most 64 characters).</summary>
    private static string Sanitised(string user) => Aaa.AaaSyslog.Shown(user);
}
