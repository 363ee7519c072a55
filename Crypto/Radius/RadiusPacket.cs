using System.Buffers.Binary;
using System.Text;

namespace AsaEmu.Crypto.Radius;

/// <summary>The packet types AsaEmu sends and understands (RFC 2865 §4, RFC 2866 §4).</summary>
public enum RadiusCode : byte
{
    AccessRequest = 1,
    AccessAccept = 2,
    AccessReject = 3,
    AccountingRequest = 4,
    AccountingResponse = 5,
    AccessChallenge = 11,
}

/// <summary>How an attribute's value is read (RFC 2865 §5): for the debug decode and for the accessors.</summary>
public enum RadiusValueKind { String, Text, Address, Integer, VendorSpecific }

/// <summary>The attribute types AsaEmu sends or reads (RFC 2865 §5, RFC 2866 §5, RFC 2868, RFC 2869, RFC 3579).</summary>
public static class RadiusAttributeType
{
    public const byte UserName = 1, UserPassword = 2, NasIpAddress = 4, NasPort = 5, ServiceType = 6, FramedProtocol = 7,
        FramedIpAddress = 8, FramedIpNetmask = 9, FilterId = 11, ReplyMessage = 18, State = 24, Class = 25, VendorSpecific = 26,
        SessionTimeout = 27, IdleTimeout = 28, CalledStationId = 30, CallingStationId = 31, NasIdentifier = 32,
        AcctStatusType = 40, AcctDelayTime = 41, AcctInputOctets = 42, AcctOutputOctets = 43, AcctSessionId = 44, AcctAuthentic = 45,
        AcctSessionTime = 46, AcctInputPackets = 47, AcctOutputPackets = 48, AcctTerminateCause = 49, EventTimestamp = 55,
        NasPortType = 61, TunnelClientEndpoint = 66, MessageAuthenticator = 80;

    /// <summary>The vendor id of the ASA's own attributes (Cisco VPN 3000, "Altiga").</summary>
    public const uint CiscoVpn3000 = 3076;
    /// <summary>The ASA's vendor attributes it sends (3076/146 Tunnel-Group-Name, 3076/150 Client-Type) [C: ASA RADIUS attribute list].</summary>
    public const byte TunnelGroupName = 146, ClientType = 150, SessionType = 151;

    private static readonly Dictionary<byte, (string Name, RadiusValueKind Kind)> Known = new()
    {
        [UserName] = ("User-Name", RadiusValueKind.Text),
        [UserPassword] = ("User-Password", RadiusValueKind.String),
        [NasIpAddress] = ("NAS-IP-Address", RadiusValueKind.Address),
        [NasPort] = ("NAS-Port", RadiusValueKind.Integer),
        [ServiceType] = ("Service-Type", RadiusValueKind.Integer),
        [FramedProtocol] = ("Framed-Protocol", RadiusValueKind.Integer),
        [FramedIpAddress] = ("Framed-IP-Address", RadiusValueKind.Address),
        [FramedIpNetmask] = ("Framed-IP-Netmask", RadiusValueKind.Address),
        [FilterId] = ("Filter-Id", RadiusValueKind.Text),
        [ReplyMessage] = ("Reply-Message", RadiusValueKind.Text),
        [State] = ("State", RadiusValueKind.String),
        [Class] = ("Class", RadiusValueKind.String),
        [VendorSpecific] = ("Vendor-Specific", RadiusValueKind.VendorSpecific),
        [SessionTimeout] = ("Session-Timeout", RadiusValueKind.Integer),
        [IdleTimeout] = ("Idle-Timeout", RadiusValueKind.Integer),
        [CalledStationId] = ("Called-Station-Id", RadiusValueKind.Text),
        [CallingStationId] = ("Calling-Station-Id", RadiusValueKind.Text),
        [NasIdentifier] = ("NAS-Identifier", RadiusValueKind.Text),
        [AcctStatusType] = ("Acct-Status-Type", RadiusValueKind.Integer),
        [AcctDelayTime] = ("Acct-Delay-Time", RadiusValueKind.Integer),
        [AcctInputOctets] = ("Acct-Input-Octets", RadiusValueKind.Integer),
        [AcctOutputOctets] = ("Acct-Output-Octets", RadiusValueKind.Integer),
        [AcctSessionId] = ("Acct-Session-Id", RadiusValueKind.Text),
        [AcctAuthentic] = ("Acct-Authentic", RadiusValueKind.Integer),
        [AcctSessionTime] = ("Acct-Session-Time", RadiusValueKind.Integer),
        [AcctInputPackets] = ("Acct-Input-Packets", RadiusValueKind.Integer),
        [AcctOutputPackets] = ("Acct-Output-Packets", RadiusValueKind.Integer),
        [AcctTerminateCause] = ("Acct-Terminate-Cause", RadiusValueKind.Integer),
        [EventTimestamp] = ("Event-Timestamp", RadiusValueKind.Integer),
        [NasPortType] = ("NAS-Port-Type", RadiusValueKind.Integer),
        [TunnelClientEndpoint] = ("Tunnel-Client-Endpoint", RadiusValueKind.Text),
        [MessageAuthenticator] = ("Message-Authenticator", RadiusValueKind.String),
    };

    private static readonly Dictionary<byte, (string Name, RadiusValueKind Kind)> KnownCiscoVpn3000 = new()
    {
        [TunnelGroupName] = ("Tunnel-Group-Name", RadiusValueKind.Text),
        [ClientType] = ("Client-Type", RadiusValueKind.Integer),
        [SessionType] = ("Session-Type", RadiusValueKind.Integer),
    };

    /// <summary>The attribute's name and value kind; <c>Unknown</c> and raw bytes for the others.</summary>
    public static (string Name, RadiusValueKind Kind) Describe(byte type) =>
        Known.TryGetValue(type, out var known) ? known : ("Unknown", RadiusValueKind.String);

    /// <summary>The same for a vendor attribute (only the ASA's own are named).</summary>
    public static (string Name, RadiusValueKind Kind) DescribeVendor(uint vendor, byte type) =>
        vendor == CiscoVpn3000 && KnownCiscoVpn3000.TryGetValue(type, out var known) ? known : ("Unknown", RadiusValueKind.String);
}

/// <summary>One attribute: its type and its value (a slice of the decoded datagram, or the bytes to encode).</summary>
public readonly record struct RadiusAttribute(byte Type, ReadOnlyMemory<byte> Value)
{
    /// <summary>The most bytes a value can have: the length octet counts the two header octets too.</summary>
    public const int MaxValueLength = 253;

    public static RadiusAttribute Text(byte type, string text) => new(type, Encoding.UTF8.GetBytes(text));

    public static RadiusAttribute Integer(byte type, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new(type, bytes);
    }

    public static RadiusAttribute Address(byte type, System.Net.IPAddress address) => new(type, address.MapToIPv4().GetAddressBytes());

    /// <summary>
    /// A vendor attribute (RFC 2865 §5.26): Vendor-Id, then one sub-attribute with its own type and length.
    /// <code>
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |     Type=26   |    Length     |            Vendor-Id
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///      Vendor-Id (cont)           |  Vendor type  | Vendor length |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |    Attribute-Specific...
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
    /// </code>
    /// </summary>
    public static RadiusAttribute Vendor(uint vendor, byte type, ReadOnlySpan<byte> value)
    {
        var bytes = new byte[6 + value.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, vendor);
        bytes[4] = type;
        bytes[5] = (byte)(2 + value.Length);
        value.CopyTo(bytes.AsSpan(6));
        return new(RadiusAttributeType.VendorSpecific, bytes);
    }

    /// <summary>The value as a 32-bit integer, or null when it is not four octets.</summary>
    public uint? AsInteger => Value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(Value.Span) : null;

    /// <summary>The value as an IPv4 address, or null when it is not four octets.</summary>
    public System.Net.IPAddress? AsAddress => Value.Length == 4 ? new System.Net.IPAddress(Value.Span) : null;

    /// <summary>The value as text (UTF-8, invalid sequences replaced).</summary>
    public string AsText => Encoding.UTF8.GetString(Value.Span);

    /// <summary>The vendor id and sub-attribute of a well-formed Vendor-Specific value (one sub-attribute), or null.</summary>
    public (uint Vendor, byte Type, ReadOnlyMemory<byte> Value)? AsVendor
    {
        get
        {
            var span = Value.Span;
            if (Type != RadiusAttributeType.VendorSpecific || span.Length < 6 || span[5] < 2 || span[5] > span.Length - 4) return null;
            return (BinaryPrimitives.ReadUInt32BigEndian(span), span[4], Value.Slice(6, span[5] - 2));
        }
    }
}

/// <summary>A decoded (or to be encoded) RADIUS packet; <see cref="Authenticator"/> is the 16-octet field as it stands.</summary>
public sealed record RadiusPacket(RadiusCode Code, byte Identifier, ReadOnlyMemory<byte> Authenticator, IReadOnlyList<RadiusAttribute> Attributes)
{
    /// <summary>The first attribute of <paramref name="type"/>, or null.</summary>
    public RadiusAttribute? Find(byte type)
    {
        foreach (var a in Attributes)
            if (a.Type == type) return a;
        return null;
    }

    /// <summary>Every attribute of <paramref name="type"/>, in order.</summary>
    public IEnumerable<RadiusAttribute> All(byte type) => Attributes.Where(a => a.Type == type);
}
