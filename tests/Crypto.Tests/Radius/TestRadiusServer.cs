using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AsaEmu.Crypto.Radius;

namespace AsaEmu.Crypto.Tests.Radius;

/// <summary>What a <see cref="TestRadiusServer"/> saw of one request.</summary>
public sealed record SeenRequest(RadiusCode Code, byte Identifier, string? User, string? Password, RadiusPacket Packet, bool MessageAuthenticatorFirst);

/// <summary>
/// A RADIUS server in process, as pure as the client: it answers request bytes with answer bytes. It does
/// what FreeRADIUS with <c>require_message_authenticator = yes</c> does: a request whose Message-Authenticator
/// is missing or does not check gets no answer. Its answers can be spoiled on purpose: signed with another
/// secret, without Message-Authenticator, or with a wrong one.
/// </summary>
public sealed class TestRadiusServer(string secret)
{
    public string Secret { get; } = secret;

    /// <summary>Users, their password and the attributes their Access-Accept carries.</summary>
    public Dictionary<string, (string Password, RadiusAttribute[] Reply)> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, decides every Access-Request (a challenge flow): code and attributes of the answer.</summary>
    public Func<SeenRequest, (RadiusCode Code, RadiusAttribute[] Attributes)>? Decide { get; set; }

    /// <summary>The answers are signed with this secret instead (a server with another shared secret).</summary>
    public string? SignWith { get; set; }
    public bool OmitMessageAuthenticator { get; set; }
    public bool CorruptMessageAuthenticator { get; set; }

    public List<SeenRequest> Requests { get; } = [];

    /// <summary>The answer to a request, or null for none (a request that does not check, or not a request).</summary>
    public byte[]? Answer(ReadOnlySpan<byte> request)
    {
        if (!RadiusCodec.TryDecode(request.ToArray(), out var packet, out _)) return null;
        var raw = request[..BinaryPrimitives.ReadUInt16BigEndian(request[2..])];
        RadiusCode code;
        RadiusAttribute[] attributes;
        if (packet!.Code == RadiusCode.AccessRequest)
        {
            if (!RadiusCodec.CheckAccessRequest(raw, Secret)) return null;
            var user = packet.Find(RadiusAttributeType.UserName)?.AsText;
            var hidden = packet.Find(RadiusAttributeType.UserPassword)?.Value;
            var password = hidden is { } h && RadiusCodec.RevealPassword(h.Span, Secret, packet.Authenticator.Span) is { } p ? Encoding.UTF8.GetString(p) : null;
            var seen = new SeenRequest(packet.Code, packet.Identifier, user, password, packet, packet.Attributes[0].Type == RadiusAttributeType.MessageAuthenticator);
            Requests.Add(seen);
            (code, attributes) = Decide?.Invoke(seen)
                ?? (user is not null && Users.TryGetValue(user, out var u) && u.Password == password
                    ? (RadiusCode.AccessAccept, u.Reply)
                    : (RadiusCode.AccessReject, [RadiusAttribute.Text(RadiusAttributeType.ReplyMessage, "Access denied")]));
        }
        else if (packet.Code == RadiusCode.AccountingRequest)
        {
            if (!AccountingRequestChecks(raw)) return null;
            Requests.Add(new SeenRequest(packet.Code, packet.Identifier, packet.Find(RadiusAttributeType.UserName)?.AsText, null, packet,
                packet.Attributes[0].Type == RadiusAttributeType.MessageAuthenticator));
            (code, attributes) = (RadiusCode.AccountingResponse, []);
        }
        else return null;
        return Build(code, packet.Identifier, packet.Authenticator.Span, attributes);
    }

    /// <summary>An answer to a request with this identifier and authenticator, signed as the spoiling options say.</summary>
    public byte[] Build(RadiusCode code, byte id, ReadOnlySpan<byte> requestAuthenticator, RadiusAttribute[] attributes)
    {
        var withMa = !OmitMessageAuthenticator && code != RadiusCode.AccountingResponse;
        var list = withMa ? attributes.Prepend(new RadiusAttribute(RadiusAttributeType.MessageAuthenticator, new byte[16])).ToList() : [.. attributes];
        var bytes = RadiusCodec.Encode(new RadiusPacket(code, id, new byte[16], list));
        RadiusCodec.SignResponse(bytes, requestAuthenticator, SignWith ?? Secret);
        if (withMa && CorruptMessageAuthenticator)
        {
            // Spoil the Message-Authenticator after signing, then sign the Response Authenticator over it again.
            bytes[22] ^= 0x55;
            requestAuthenticator.CopyTo(bytes.AsSpan(4));
            MD5.HashData([.. bytes, .. Encoding.UTF8.GetBytes(SignWith ?? Secret)]).CopyTo(bytes.AsSpan(4));
        }
        return bytes;
    }

    private bool AccountingRequestChecks(ReadOnlySpan<byte> raw)
    {
        var copy = raw.ToArray();
        copy.AsSpan(4, 16).Clear();
        var expected = MD5.HashData([.. copy, .. Encoding.UTF8.GetBytes(Secret)]);
        return CryptographicOperations.FixedTimeEquals(expected, raw.Slice(4, 16));
    }
}
