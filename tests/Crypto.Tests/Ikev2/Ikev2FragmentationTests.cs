using System.Net;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Keying;
using AsaEmu.Crypto.Tests.Ike;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>
/// IKEv2 fragmentation (RFC 7383) on its own: a message split into Encrypted Fragment messages that fit the
/// limit, each sealed on its own, and put back together by <see cref="Ikev2Reassembly"/> whatever the order;
/// what §2.6 says a receiver drops (copies, a smaller Total Fragments, a wrong ICV) is dropped and counted.
/// </summary>
public class Ikev2FragmentationTests
{
    internal static SkProtection Protection(string kind) => kind == "cbc"
        ? SkProtection.Create(TransformIds.EncrAesCbc, 128, TransformIds.AuthHmacSha256_128, Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(),
            Enumerable.Range(32, 32).Select(i => (byte)i).ToArray())!
        : SkProtection.Create(TransformIds.EncrAesGcm16, 256, TransformIds.AuthNone, [.. Enumerable.Range(0, 32).Select(i => (byte)i), 0xca, 0xfe, 0xba, 0xbe], [])!;

    internal static readonly Ikev2Header AuthHeader = Ikev2Messages.Header(Ikev2Exchange.IkeAuth, 1);

    /// <summary>One datagram into <paramref name="reassembly"/>, decoded first as the engine does.</summary>
    internal static Ikev2Opening Deliver(Ikev2Reassembly reassembly, SkProtection inbound, byte[] datagram, Ikev2FragmentStatistics statistics, out IReadOnlyList<Ikev2Payload>? payloads)
    {
        payloads = null;
        Assert.True(Ikev2Codec.TryDecode(datagram, out var message, out var error), error?.ToString());
        return reassembly.Add(inbound, datagram, message!, statistics, out payloads, out _);
    }

    private static string Encoded(IReadOnlyList<Ikev2Payload> payloads)
    {
        var bytes = new byte[Ikev2Encoder.PayloadsLength(payloads)];
        Ikev2Encoder.WritePayloads(payloads, bytes);
        return Convert.ToHexString(bytes);
    }

    [Theory]
    [InlineData("cbc")]
    [InlineData("gcm")]
    public void A_message_beyond_the_limit_goes_in_numbered_fragments_that_fit_it_and_each_opens_on_its_own(string kind)
    {
        using var protection = Protection(kind);
        var inner = Ikev2Messages.EveryPayload();
        const int limit = 200;

        var fragments = Ikev2Fragmenter.Seal(protection, AuthHeader, inner, limit, new SeededRandom(5));

        Assert.True(fragments.Count > 2);
        var pieces = new List<byte>();
        for (var i = 0; i < fragments.Count; i++)
        {
            Assert.True(fragments[i].Length <= limit, $"fragment {i + 1}: {fragments[i].Length} octets");
            Assert.True(Ikev2Codec.TryDecode(fragments[i], out var message, out var error), error?.ToString());
            Assert.Equal((Ikev2Exchange.IkeAuth, 1u, Ikev2PayloadType.EncryptedFragment), (message!.Header.Exchange, message.Header.MessageId, message.Header.NextPayload));
            var skf = Assert.IsType<Ikev2EncryptedFragmentPayload>(Assert.Single(message.Payloads));
            Assert.Equal(((ushort)(i + 1), (ushort)fragments.Count), (skf.FragmentNumber, skf.TotalFragments));
            // §2.5: only the first names the first inner payload.
            Assert.Equal(i == 0 ? inner[0].Type : Ikev2PayloadType.None, skf.FirstInner);
            Assert.True(protection.TryOpenFragment(fragments[i], message, out var piece, out error), error?.ToString());
            pieces.AddRange(piece.ToArray());
        }
        Assert.Equal(Encoded(inner), Convert.ToHexString([.. pieces]));
    }

    [Fact]
    public void A_message_that_fits_or_without_a_limit_is_one_sk_message()
    {
        using var protection = Protection("cbc");
        var inner = Ikev2Messages.EveryPayload();
        var whole = protection.SealedLength(Ikev2Encoder.PayloadsLength(inner));

        foreach (var limit in new int?[] { null, whole })
        {
            var sealedMessages = Ikev2Fragmenter.Seal(protection, AuthHeader, inner, limit, new SeededRandom(5));
            var one = Assert.Single(sealedMessages);
            Assert.Equal(whole, one.Length);
            Assert.Equal((byte)Ikev2PayloadType.Encrypted, one[16]);
        }
        Assert.True(Ikev2Fragmenter.Seal(protection, AuthHeader, inner, whole - 1, new SeededRandom(5)).Count > 1);
    }

    [Fact]
    public void The_limit_counts_the_ip_and_udp_headers_and_the_non_esp_marker_on_port_4500()
    {
        Assert.Equal(576 - 20 - 8, Ikev2Fragmenter.MessageLimit(576, new IPEndPoint(IPAddress.Parse("198.18.0.1"), 500)));
        Assert.Equal(576 - 20 - 8 - 4, Ikev2Fragmenter.MessageLimit(576, new IPEndPoint(IPAddress.Parse("198.18.0.1"), 4500)));
        Assert.Equal(1280 - 40 - 8 - 4, Ikev2Fragmenter.MessageLimit(1280, new IPEndPoint(IPAddress.Parse("2001:db8::1"), 4500)));
    }

    [Fact]
    public void An_mtu_too_small_for_any_piece_still_sends_pieces_of_the_minimum_and_never_more_fragments_than_a_receiver_keeps()
    {
        using var protection = Protection("cbc");
        var inner = new Ikev2Payload[] { new Ikev2VendorIdPayload(new byte[Ikev2Reassembly.MaxFragments * Ikev2Fragmenter.MinimumPiece * 2]) };

        var tiny = Ikev2Fragmenter.Seal(protection, AuthHeader, [new Ikev2VendorIdPayload(new byte[300])], Ikev2Fragmenter.MessageLimit(68, new IPEndPoint(IPAddress.Loopback, 500)), new SeededRandom(1));
        var huge = Ikev2Fragmenter.Seal(protection, AuthHeader, inner, 100, new SeededRandom(1));

        Assert.Equal((300 + 4 + Ikev2Fragmenter.MinimumPiece - 1) / Ikev2Fragmenter.MinimumPiece, tiny.Count);
        Assert.Equal(Ikev2Reassembly.MaxFragments, huge.Count);
        // An empty INFORMATIONAL (liveness), or what one piece holds, stays one SK message however small the MTU.
        foreach (var small in new Ikev2Payload[][] { [], [new Ikev2VendorIdPayload(new byte[Ikev2Fragmenter.MinimumPiece - 4])] })
            Assert.Single(Ikev2Fragmenter.Seal(protection, AuthHeader, small, 40, new SeededRandom(1)));
    }

    [Theory]
    [InlineData("cbc")]
    [InlineData("gcm")]
    public void Fragments_in_any_order_reassemble_into_the_message_and_copies_are_dropped(string kind)
    {
        using var protection = Protection(kind);
        var inner = Ikev2Messages.EveryPayload();
        var fragments = Ikev2Fragmenter.Seal(protection, AuthHeader, inner, 180, new SeededRandom(9));
        var reassembly = new Ikev2Reassembly();
        var statistics = new Ikev2FragmentStatistics();

        var order = Enumerable.Range(0, fragments.Count).Reverse().ToList();
        IReadOnlyList<Ikev2Payload>? payloads = null;
        for (var i = 0; i < order.Count; i++)
        {
            var opening = Deliver(reassembly, protection, fragments[order[i]], statistics, out payloads);
            Assert.Equal(i == order.Count - 1 ? Ikev2Opening.Opened : Ikev2Opening.Kept, opening);
            if (i == 0) Assert.Equal(Ikev2Opening.Dropped, Deliver(reassembly, protection, fragments[order[i]], statistics, out _));
        }

        Assert.Equal(Encoded(inner), Encoded(payloads!));
        Assert.Equal((fragments.Count, 1L, 1L, 0), (statistics.InFragments, statistics.MessagesReassembled, statistics.Duplicates, reassembly.Held));
    }

    [Fact]
    public void A_fragment_whose_icv_fails_is_not_kept_and_the_genuine_one_still_completes_the_message()
    {
        using var protection = Protection("cbc");
        var fragments = Ikev2Fragmenter.Seal(protection, AuthHeader, Ikev2Messages.EveryPayload(), 180, new SeededRandom(9));
        var reassembly = new Ikev2Reassembly();
        var statistics = new Ikev2FragmentStatistics();
        var forged = (byte[])fragments[0].Clone();
        forged[^1] ^= 1;

        Assert.Equal(Ikev2Opening.Failed, Deliver(reassembly, protection, forged, statistics, out _));
        Assert.Equal(0, reassembly.Held);
        var last = Ikev2Opening.Failed;
        foreach (var fragment in fragments) last = Deliver(reassembly, protection, fragment, statistics, out _);

        Assert.Equal(Ikev2Opening.Opened, last);
        Assert.Equal((1L, 0L), (statistics.BadIcv, statistics.Duplicates));
    }

    [Fact]
    public void A_smaller_total_is_dropped_and_a_larger_one_begins_the_message_anew()
    {
        // §2.5.2 and §2.6: a sender that cuts its message anew into more fragments (a smaller path MTU) restarts it.
        using var protection = Protection("gcm");
        var inner = Ikev2Messages.EveryPayload();
        var few = Ikev2Fragmenter.Seal(protection, AuthHeader, inner, 300, new SeededRandom(1));
        var many = Ikev2Fragmenter.Seal(protection, AuthHeader, inner, 150, new SeededRandom(2));
        Assert.True(many.Count > few.Count);
        var reassembly = new Ikev2Reassembly();
        var statistics = new Ikev2FragmentStatistics();

        Assert.Equal(Ikev2Opening.Kept, Deliver(reassembly, protection, many[0], statistics, out _));
        Assert.Equal(Ikev2Opening.Dropped, Deliver(reassembly, protection, few[1], statistics, out _));
        Assert.Equal(1, statistics.Inconsistent);

        var again = new Ikev2Reassembly();
        Assert.Equal(Ikev2Opening.Kept, Deliver(again, protection, few[0], statistics, out _));
        var last = Ikev2Opening.Failed;
        foreach (var fragment in many) last = Deliver(again, protection, fragment, statistics, out _);
        Assert.Equal(Ikev2Opening.Opened, last);
    }

    [Fact]
    public void Beyond_the_fragments_or_octets_one_message_may_have_the_fragments_are_dropped_and_nothing_is_held()
    {
        using var protection = Protection("gcm");
        var reassembly = new Ikev2Reassembly();
        var statistics = new Ikev2FragmentStatistics();
        var random = new SeededRandom(3);

        var tooMany = protection.SealFragment(AuthHeader, Ikev2PayloadType.VendorId, 1, Ikev2Reassembly.MaxFragments + 1, new byte[10], random);
        Assert.Equal(Ikev2Opening.Dropped, Deliver(reassembly, protection, tooMany, statistics, out _));

        // A peer with the keys sends 60 pieces of 600 octets: past 32 KB the message is given up.
        var opening = Ikev2Opening.Kept;
        for (ushort n = 1; n <= 60 && opening == Ikev2Opening.Kept; n++)
        {
            opening = Deliver(reassembly, protection, protection.SealFragment(AuthHeader, Ikev2PayloadType.VendorId, n, 60, new byte[600], random), statistics, out _);
            Assert.True(reassembly.Held <= Ikev2Reassembly.MaxMessageSize);
        }
        Assert.Equal(Ikev2Opening.Dropped, opening);
        Assert.Equal((2L, 0), (statistics.OverLimit, reassembly.Held));
    }

    [Fact]
    public void A_request_and_a_response_reassemble_side_by_side()
    {
        using var protection = Protection("cbc");
        var inner = Ikev2Messages.EveryPayload();
        var request = Ikev2Fragmenter.Seal(protection, Ikev2Messages.Header(Ikev2Exchange.CreateChildSa, 4), inner, 200, new SeededRandom(1));
        var response = Ikev2Fragmenter.Seal(protection, Ikev2Messages.Header(Ikev2Exchange.CreateChildSa, 7, Ikev2Flags.Initiator | Ikev2Flags.Response), inner, 200, new SeededRandom(2));
        var reassembly = new Ikev2Reassembly();
        var statistics = new Ikev2FragmentStatistics();

        var openings = request.Zip(response).SelectMany(p => new[]
        {
            Deliver(reassembly, protection, p.First, statistics, out _),
            Deliver(reassembly, protection, p.Second, statistics, out _),
        }).ToList();

        Assert.Equal(2, openings.Count(o => o == Ikev2Opening.Opened));
        Assert.Equal(2, statistics.MessagesReassembled);
    }
}
