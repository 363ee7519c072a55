using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Radius;

/// <summary>What checking an answer's authenticators found (RFC 2865 §3, RFC 3579 §3.2).</summary>
public enum ResponseCheck
{
    Valid,
    /// <summary>The Response Authenticator is not MD5(Code+ID+Length+RequestAuth+Attributes+Secret): a wrong secret or a forgery.</summary>
    BadAuthenticator,
    /// <summary>An Access-Accept, -Reject or -Challenge without Message-Authenticator: refused since BlastRADIUS (CVE-2024-3596).</summary>
    MissingMessageAuthenticator,
    /// <summary>A Message-Authenticator that is not the HMAC-MD5 of the packet under the secret.</summary>
    BadMessageAuthenticator,
}

/// <summary>
/// Decodes and encodes RADIUS packets (RFC 2865 §3), hides User-Password (§5.2) and makes and checks the
/// authenticators: Request and Response Authenticator (§3, RFC 2866 §3) and Message-Authenticator
/// (RFC 3579 §3.2). Decoding is bounds-checked everywhere and never throws on input: a malformed datagram
/// yields a <see cref="DecodeError"/>; attribute values are slices of the input, not copies.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Code      |  Identifier   |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                     Authenticator (16 octets)                 |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Attributes ...  each:  | Type (1) | Length (1) | Value (Length-2) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Length is 20 to 4096; octets after it are padding and ignored, a datagram shorter than it is discarded.
/// </summary>
public static class RadiusCodec
{
    public const int HeaderSize = 20, AuthenticatorSize = 16, MaxLength = 4096;
    /// <summary>The longest User-Password RFC 2865 §5.2 allows: 128 octets.</summary>
    public const int MaxPasswordLength = 128;
    private const int AuthenticatorOffset = 4;

    /// <summary>Decodes a datagram. Any code is decoded; the caller decides what it expects.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> datagram, out RadiusPacket? packet, out DecodeError? error)
    {
        packet = null;
        var span = datagram.Span;
        if (span.Length < HeaderSize)
        {
            error = new DecodeError($"datagram of {span.Length} bytes shorter than the RADIUS header", 0);
            return false;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        if (length < HeaderSize || length > MaxLength || length > span.Length)
        {
            error = new DecodeError($"length {length} does not fit the {span.Length}-byte datagram", 2);
            return false;
        }
        var attributes = new List<RadiusAttribute>();
        for (var at = HeaderSize; at < length;)
        {
            if (length - at < 2)
            {
                error = new DecodeError("truncated attribute header", at);
                return false;
            }
            var size = span[at + 1];
            if (size < 2 || size > length - at)
            {
                error = new DecodeError($"attribute {span[at]} length {size} out of bounds", at);
                return false;
            }
            attributes.Add(new RadiusAttribute(span[at], datagram.Slice(at + 2, size - 2)));
            at += size;
        }
        packet = new RadiusPacket((RadiusCode)span[0], span[1], datagram.Slice(AuthenticatorOffset, AuthenticatorSize), attributes);
        error = null;
        return true;
    }

    /// <summary>Encodes a packet as it stands (no authenticator is computed here).</summary>
    /// <exception cref="ArgumentException">A value longer than 253 octets, an authenticator not 16 octets, or more than 4096 octets in all.</exception>
    public static byte[] Encode(RadiusPacket packet)
    {
        if (packet.Authenticator.Length != AuthenticatorSize) throw new ArgumentException("the authenticator has 16 octets", nameof(packet));
        var length = HeaderSize;
        foreach (var a in packet.Attributes)
        {
            if (a.Value.Length > RadiusAttribute.MaxValueLength) throw new ArgumentException($"attribute {a.Type} longer than 253 octets", nameof(packet));
            length += 2 + a.Value.Length;
        }
        if (length > MaxLength) throw new ArgumentException($"a {length}-octet packet is longer than 4096", nameof(packet));
        var bytes = new byte[length];
        bytes[0] = (byte)packet.Code;
        bytes[1] = packet.Identifier;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)length);
        packet.Authenticator.Span.CopyTo(bytes.AsSpan(AuthenticatorOffset));
        var at = HeaderSize;
        foreach (var a in packet.Attributes)
        {
            bytes[at] = a.Type;
            bytes[at + 1] = (byte)(2 + a.Value.Length);
            a.Value.Span.CopyTo(bytes.AsSpan(at + 2));
            at += 2 + a.Value.Length;
        }
        return bytes;
    }

    // ---- User-Password (RFC 2865 §5.2) ----------------------------------------------------------

    /// <summary>
    /// Hides a password: padded with NULs to a multiple of 16 octets, then c(1) = p(1) xor MD5(S + RA),
    /// c(i) = p(i) xor MD5(S + c(i-1)).
    /// </summary>
    /// <exception cref="ArgumentException">A password longer than 128 octets.</exception>
    public static byte[] HidePassword(ReadOnlySpan<byte> password, string secret, ReadOnlySpan<byte> requestAuthenticator)
    {
        if (password.Length > MaxPasswordLength) throw new ArgumentException("a User-Password has at most 128 octets", nameof(password));
        var hidden = new byte[Math.Max(16, (password.Length + 15) / 16 * 16)];
        password.CopyTo(hidden);
        Xor(hidden, secret, requestAuthenticator, reveal: false);
        return hidden;
    }

    /// <summary>The password a hidden User-Password carries (trailing NULs removed); null when its length is not 16 to 128 in steps of 16.</summary>
    public static byte[]? RevealPassword(ReadOnlySpan<byte> hidden, string secret, ReadOnlySpan<byte> requestAuthenticator)
    {
        if (hidden.Length < 16 || hidden.Length > MaxPasswordLength || hidden.Length % 16 != 0) return null;
        var clear = hidden.ToArray();
        Xor(clear, secret, requestAuthenticator, reveal: true);
        var end = clear.Length;
        while (end > 0 && clear[end - 1] == 0) end--;
        return clear[..end];
    }

    private static void Xor(Span<byte> block, string secret, ReadOnlySpan<byte> requestAuthenticator, bool reveal)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        Span<byte> previous = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        requestAuthenticator.CopyTo(previous);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        for (var i = 0; i < block.Length; i += 16)
        {
            md5.AppendData(key);
            md5.AppendData(previous);
            md5.GetHashAndReset(b);
            var chunk = block.Slice(i, 16);
            // The next b is keyed by the ciphertext block: taken before revealing, after hiding.
            if (reveal) chunk.CopyTo(previous);
            for (var j = 0; j < 16; j++) chunk[j] ^= b[j];
            if (!reveal) chunk.CopyTo(previous);
        }
    }

    // ---- Authenticators ------------------------------------------------------------------------

    /// <summary>
    /// Signs an Access-Request in place: its Request Authenticator is already the random one; the
    /// Message-Authenticator attribute (present, any value) becomes HMAC-MD5(secret, packet with it zeroed).
    /// </summary>
    public static void SignAccessRequest(Span<byte> packet, string secret) => FillMessageAuthenticator(packet, secret);

    /// <summary>
    /// Signs an Accounting-Request in place (RFC 2866 §3): a Message-Authenticator, when present, over the
    /// packet with a zero Authenticator field; then the Request Authenticator = MD5(packet with zero field + secret).
    /// </summary>
    public static void SignAccountingRequest(Span<byte> packet, string secret)
    {
        packet.Slice(AuthenticatorOffset, AuthenticatorSize).Clear();
        FillMessageAuthenticator(packet, secret);
        Md5(packet, secret, packet.Slice(AuthenticatorOffset, AuthenticatorSize));
    }

    /// <summary>
    /// Signs an answer in place, as a server does: the Message-Authenticator (when present) over the packet
    /// with the request's authenticator in the field, then the Response Authenticator.
    /// </summary>
    public static void SignResponse(Span<byte> packet, ReadOnlySpan<byte> requestAuthenticator, string secret)
    {
        requestAuthenticator.CopyTo(packet.Slice(AuthenticatorOffset, AuthenticatorSize));
        FillMessageAuthenticator(packet, secret);
        Md5(packet, secret, packet.Slice(AuthenticatorOffset, AuthenticatorSize));
    }

    /// <summary>
    /// Checks an answer to a request whose authenticator was <paramref name="requestAuthenticator"/>:
    /// the Response Authenticator, and the Message-Authenticator, which an answer to an Access-Request
    /// must carry (<paramref name="requireMessageAuthenticator"/>) and any other may.
    /// <paramref name="response"/> is the packet's <c>Length</c> octets.
    /// </summary>
    public static ResponseCheck CheckResponse(ReadOnlySpan<byte> response, ReadOnlySpan<byte> requestAuthenticator, string secret,
        bool requireMessageAuthenticator)
    {
        if (response.Length < HeaderSize) return ResponseCheck.BadAuthenticator;
        var copy = response.ToArray();
        requestAuthenticator.CopyTo(copy.AsSpan(AuthenticatorOffset));
        Span<byte> expected = stackalloc byte[16];
        Md5(copy, secret, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, response.Slice(AuthenticatorOffset, AuthenticatorSize)))
            return ResponseCheck.BadAuthenticator;
        var offset = FindValue(copy, RadiusAttributeType.MessageAuthenticator, out var size);
        if (offset < 0) return requireMessageAuthenticator ? ResponseCheck.MissingMessageAuthenticator : ResponseCheck.Valid;
        if (size != 16) return ResponseCheck.BadMessageAuthenticator;
        var received = copy.AsSpan(offset, 16).ToArray();
        FillMessageAuthenticator(copy, secret);
        return CryptographicOperations.FixedTimeEquals(received, copy.AsSpan(offset, 16)) ? ResponseCheck.Valid : ResponseCheck.BadMessageAuthenticator;
    }

    /// <summary>Whether an Access-Request carries a Message-Authenticator that checks (what a server does, RFC 3579 §3.2).</summary>
    public static bool CheckAccessRequest(ReadOnlySpan<byte> request, string secret)
    {
        var copy = request.ToArray();
        var offset = FindValue(copy, RadiusAttributeType.MessageAuthenticator, out var size);
        if (offset < 0 || size != 16) return false;
        var received = copy.AsSpan(offset, 16).ToArray();
        FillMessageAuthenticator(copy, secret);
        return CryptographicOperations.FixedTimeEquals(received, copy.AsSpan(offset, 16));
    }

    /// <summary>HMAC-MD5 of the packet with its Message-Authenticator value zeroed, written into that value (when present).</summary>
    private static void FillMessageAuthenticator(Span<byte> packet, string secret)
    {
        var offset = FindValue(packet, RadiusAttributeType.MessageAuthenticator, out var size);
        if (offset < 0 || size != 16) return;
        var value = packet.Slice(offset, 16);
        value.Clear();
        HMACMD5.HashData(Encoding.UTF8.GetBytes(secret), packet, value);
    }

    private static void Md5(ReadOnlySpan<byte> packet, string secret, Span<byte> into)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(packet);
        md5.AppendData(Encoding.UTF8.GetBytes(secret));
        md5.GetHashAndReset(into);
    }

    /// <summary>The offset of the first attribute of <paramref name="type"/>'s value in an encoded packet, or -1.</summary>
    private static int FindValue(ReadOnlySpan<byte> packet, byte type, out int size)
    {
        size = 0;
        var length = Math.Min(packet.Length, packet.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) : 0);
        for (var at = HeaderSize; at + 2 <= length;)
        {
            var attributeSize = packet[at + 1];
            if (attributeSize < 2 || attributeSize > length - at) return -1;
            if (packet[at] == type)
            {
                size = attributeSize - 2;
                return at + 2;
            }
            at += attributeSize;
        }
        return -1;
    }
}
