using System.Buffers.Binary;
using System.Net;
using System.Text;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;

namespace AsaEmu.Crypto.Radius;

/// <summary>
/// The attributes of the requests the client sends, in one place: the ASA's set for a VPN user as far as
/// its RADIUS attribute list and memory tell [M], Message-Authenticator always first.
/// </summary>
public static class RadiusRequestAttributes
{
    /// <summary>NAS-Port-Type Virtual (RFC 2865 §5.41): what the ASA sends for VPN sessions [M].</summary>
    private const uint Virtual = 5;

    /// <summary>NAS-IP-Address, or NAS-Identifier (the hostname) when the source is not known (RFC 2865 §4.1 wants one of them).</summary>
    private static RadiusAttribute Nas(IPAddress? source, AsaConfig config) => source is not null
        ? RadiusAttribute.Address(RadiusAttributeType.NasIpAddress, source)
        : RadiusAttribute.Text(RadiusAttributeType.NasIdentifier, config.Get<Hostname>()?.Name ?? Hostname.Default);

    /// <summary>The Access-Request's attributes [M: the ASA's set for a VPN user], Message-Authenticator first.</summary>
    public static List<RadiusAttribute> Access(AaaRequest r, uint session, string secret, byte[] authenticator, IPAddress? source, AsaConfig config)
    {
        var list = new List<RadiusAttribute>
        {
            new(RadiusAttributeType.MessageAuthenticator, new byte[16]),
            RadiusAttribute.Text(RadiusAttributeType.UserName, Truncate(r.User)),
            new(RadiusAttributeType.UserPassword, RadiusCodec.HidePassword(Encoding.UTF8.GetBytes(r.Password), secret, authenticator)),
        };
        if (r.State is { } state && state.Length is > 0 and <= RadiusAttribute.MaxValueLength) list.Add(new(RadiusAttributeType.State, state.ToArray()));
        list.Add(RadiusAttribute.Integer(RadiusAttributeType.NasPort, session));
        list.Add(Nas(source, config));
        AddSessionIdentity(list, r.Client, r.Headend, r.TunnelGroup);
        return list;
    }

    /// <summary>The Accounting-Request's attributes (RFC 2866 §5) [M: the ASA's set].</summary>
    public static List<RadiusAttribute> Accounting(AccountingRecord r, uint session, IPAddress? source, AsaConfig config, DateTimeOffset now)
    {
        var list = new List<RadiusAttribute>
        {
            new(RadiusAttributeType.MessageAuthenticator, new byte[16]),
            RadiusAttribute.Integer(RadiusAttributeType.AcctStatusType, (uint)r.Status),
            RadiusAttribute.Text(RadiusAttributeType.UserName, Truncate(r.User)),
            RadiusAttribute.Text(RadiusAttributeType.AcctSessionId, Truncate(r.SessionId)),
            RadiusAttribute.Integer(RadiusAttributeType.NasPort, session),
            Nas(source, config),
            RadiusAttribute.Integer(RadiusAttributeType.ServiceType, 2), // Framed
            RadiusAttribute.Integer(RadiusAttributeType.FramedProtocol, 1), // PPP, as the ASA says of tunnels [M]
            RadiusAttribute.Integer(RadiusAttributeType.AcctAuthentic, 1), // RADIUS
            RadiusAttribute.Integer(RadiusAttributeType.EventTimestamp, (uint)Math.Clamp(now.ToUnixTimeSeconds(), 0, uint.MaxValue)),
        };
        if (r.AssignedAddress is { } assigned) list.Add(RadiusAttribute.Address(RadiusAttributeType.FramedIpAddress, assigned));
        foreach (var c in r.Classes.Where(c => c.Length is > 0 and <= RadiusAttribute.MaxValueLength).Take(8))
            list.Add(new(RadiusAttributeType.Class, c.ToArray()));
        AddSessionIdentity(list, r.Client, r.Headend, r.TunnelGroup);
        if (r.Status == AccountingStatus.Stop)
        {
            static uint Low(long v) => (uint)Math.Clamp(v, 0, uint.MaxValue);
            list.Add(RadiusAttribute.Integer(RadiusAttributeType.AcctSessionTime, Low((long)r.Duration.TotalSeconds)));
            list.Add(RadiusAttribute.Integer(RadiusAttributeType.AcctInputOctets, Low(r.InputOctets)));
            list.Add(RadiusAttribute.Integer(RadiusAttributeType.AcctOutputOctets, Low(r.OutputOctets)));
            list.Add(RadiusAttribute.Integer(RadiusAttributeType.AcctInputPackets, Low(r.InputPackets)));
            list.Add(RadiusAttribute.Integer(RadiusAttributeType.AcctOutputPackets, Low(r.OutputPackets)));
            list.Add(RadiusAttribute.Integer(RadiusAttributeType.AcctTerminateCause, (uint)(r.Cause ?? TerminateCause.UserRequest)));
        }
        return list;
    }

    /// <summary>Who and where the session is: the stations, NAS-Port-Type Virtual, Tunnel-Client-Endpoint, the ASA's Tunnel-Group-Name and Client-Type.</summary>
    private static void AddSessionIdentity(List<RadiusAttribute> list, IPAddress? client, IPAddress? headend, string? tunnelGroup)
    {
        if (headend is not null) list.Add(RadiusAttribute.Text(RadiusAttributeType.CalledStationId, headend.ToString()));
        if (client is not null)
        {
            list.Add(RadiusAttribute.Text(RadiusAttributeType.CallingStationId, client.ToString()));
            list.Add(RadiusAttribute.Integer(RadiusAttributeType.NasPortType, Virtual));
            list.Add(RadiusAttribute.Text(RadiusAttributeType.TunnelClientEndpoint, client.ToString()));
        }
        if (tunnelGroup is not null)
        {
            list.Add(RadiusAttribute.Vendor(RadiusAttributeType.CiscoVpn3000, RadiusAttributeType.TunnelGroupName, Encoding.UTF8.GetBytes(Truncate(tunnelGroup, 247))));
            // Client-Type 2: the Cisco VPN client, IKEv1 remote access [M].
            Span<byte> two = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(two, 2);
            list.Add(RadiusAttribute.Vendor(RadiusAttributeType.CiscoVpn3000, RadiusAttributeType.ClientType, two));
        }
    }

    /// <summary>A text value cut to what an attribute holds (a user name is at most 64 characters on the ASA, so this never cuts one in practice).</summary>
    private static string Truncate(string text, int max = RadiusAttribute.MaxValueLength)
    {
        if (Encoding.UTF8.GetByteCount(text) <= max) return text;
        var cut = text.Length;
        while (Encoding.UTF8.GetByteCount(text.AsSpan(0, cut)) > max) cut--;
        return text[..cut];
    }
}
