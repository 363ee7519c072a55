using System.Buffers.Binary;
using AsaEmu.Dataplane.Forwarding;
using CsCheck;

namespace AsaEmu.Dataplane.Tests.Forwarding;

/// <summary>RFC 791 fragmentation of clear packets, and reassembly of the fragments back to the packet.</summary>
public class FragmentationTests
{
    /// <summary>Cuts <paramref name="packet"/> into fragments of at most <paramref name="maxLength"/> bytes.</summary>
    internal static List<byte[]> Fragment(byte[] packet, int maxLength)
    {
        var fragments = new List<byte[]>();
        var buffer = new byte[65536];
        var offset = 0;
        while (offset >= 0)
        {
            var length = Fragmentation.WriteFragment(packet, offset, maxLength, buffer, out offset);
            fragments.Add(buffer[..length]);
        }
        return fragments;
    }

    /// <summary>
    /// Reassembles as a receiver does (RFC 791 §3.2): every fragment has a valid checksum, the same
    /// identification, protocol and addresses; data placed at offset × 8; the last one clears MF.
    /// Returns the packet with the first fragment's header, its total length and checksum made whole.
    /// </summary>
    internal static byte[] Reassemble(IReadOnlyList<byte[]> fragments)
    {
        var first = fragments.Single(f => (Ipv4Header.FlagsAndOffset(f) & Ipv4Header.OffsetMask) == 0);
        var headerLength = Ipv4Header.HeaderLength(first);
        var data = new byte[65536];
        var end = 0;
        foreach (var f in fragments)
        {
            var fragmentHeader = Ipv4Header.HeaderLength(f);
            Assert.Equal(0, Ipv4Header.Checksum(f.AsSpan(0, fragmentHeader)));
            Assert.Equal(f.Length, Ipv4Header.TotalLength(f));
            Assert.Equal(first.AsSpan(4, 2).ToArray(), f.AsSpan(4, 2).ToArray());
            Assert.Equal(first.AsSpan(8, 2).ToArray(), f.AsSpan(8, 2).ToArray());
            Assert.Equal(first.AsSpan(12, 8).ToArray(), f.AsSpan(12, 8).ToArray());
            var flags = Ipv4Header.FlagsAndOffset(f);
            var at = (flags & Ipv4Header.OffsetMask) * 8;
            var length = f.Length - fragmentHeader;
            if ((flags & Ipv4Header.MoreFragmentsFlag) != 0) Assert.Equal(0, length % 8);
            else end = at + length;
            f.AsSpan(fragmentHeader).CopyTo(data.AsSpan(at));
        }
        Assert.Single(fragments, f => (Ipv4Header.FlagsAndOffset(f) & Ipv4Header.MoreFragmentsFlag) == 0);
        var packet = new byte[headerLength + end];
        first.AsSpan(0, headerLength).CopyTo(packet);
        data.AsSpan(0, end).CopyTo(packet.AsSpan(headerLength));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)(Ipv4Header.FlagsAndOffset(first) & ~Ipv4Header.MoreFragmentsFlag));
        Ipv4Header.WriteChecksum(packet.AsSpan(0, headerLength));
        return packet;
    }

    /// <summary>The original with the fields fragmentation may change set as the reassembled packet has them.</summary>
    internal static byte[] AsReassembled(byte[] original)
    {
        var expected = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(expected.AsSpan(6), 0);
        Ipv4Header.WriteChecksum(expected.AsSpan(0, Ipv4Header.HeaderLength(expected)));
        return expected;
    }

    private static byte[] WithOptions(byte[] packet, byte[] options)
    {
        var result = new byte[packet.Length + options.Length];
        packet.AsSpan(0, 20).CopyTo(result);
        options.CopyTo(result, 20);
        packet.AsSpan(20).CopyTo(result.AsSpan(20 + options.Length));
        result[0] = (byte)(0x40 | (20 + options.Length) / 4);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), (ushort)result.Length);
        Ipv4Header.WriteChecksum(result.AsSpan(0, 20 + options.Length));
        return result;
    }

    [Fact]
    public void A_1620_byte_packet_cut_at_1422_makes_two_fragments_with_8_byte_offsets()
    {
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 1600);
        packet[4] = 0xAB; // identification
        var fragments = Fragment(packet, 1422);

        Assert.Equal([1420, 220], fragments.Select(f => f.Length));
        Assert.Equal(Ipv4Header.MoreFragmentsFlag, Ipv4Header.FlagsAndOffset(fragments[0]));
        Assert.Equal(1400 / 8, Ipv4Header.FlagsAndOffset(fragments[1]));
        Assert.Equal(AsReassembled(packet), Reassemble(fragments));
    }

    [Fact]
    public void Later_fragments_keep_only_the_options_with_the_copied_flag()
    {
        // Record Route (7, not copied), NOP, Loose Source Route (0x83, copied), End of Option List.
        byte[] options = [7, 7, 4, 0, 0, 0, 0, 1, 0x83, 7, 4, 10, 1, 2, 3, 0];
        var packet = WithOptions(Packets.Ipv4("198.18.1.2", "198.19.0.10", 400), options);
        var fragments = Fragment(packet, 200);

        Assert.Equal(36, Ipv4Header.HeaderLength(fragments[0]));
        Assert.Equal(options, fragments[0].AsSpan(20, 16).ToArray());
        foreach (var later in fragments.Skip(1))
        {
            Assert.Equal(28, Ipv4Header.HeaderLength(later));
            Assert.Equal(new byte[] { 0x83, 7, 4, 10, 1, 2, 3, 0 }, later.AsSpan(20, 8).ToArray());
        }
        Assert.Equal(AsReassembled(packet), Reassemble(fragments));
    }

    [Fact]
    public void A_fragment_fragmented_again_keeps_its_offset_and_more_fragments_flag()
    {
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 3000);
        var once = Fragment(packet, 1500);
        var twice = once.SelectMany(f => Fragment(f, 500)).ToList();
        Assert.Equal(AsReassembled(packet), Reassemble(twice));
    }

    [Fact]
    public void Fragments_of_any_packet_and_size_reassemble_to_the_packet()
    {
        Gen.Select(Gen.Int[0, 4000], Gen.Int[28, 1500], Gen.Bool, Gen.Byte).Sample((payload, max, dontFragment, seed) =>
        {
            var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", payload, seed);
            if (dontFragment) packet[6] = 0x40;
            Ipv4Header.WriteChecksum(packet.AsSpan(0, 20));
            Assert.True(Fragmentation.CanFragment(packet, max));
            var fragments = Fragment(packet, max);
            Assert.All(fragments, f => Assert.True(f.Length <= max));
            Assert.Equal(AsReassembled(packet), Reassemble(fragments));
        }, iter: 500);
    }

    [Fact]
    public void A_size_without_room_for_8_data_bytes_cannot_fragment()
    {
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 100);
        Assert.False(Fragmentation.CanFragment(packet, 27));
        Assert.True(Fragmentation.CanFragment(packet, 28));
    }

    [Fact]
    public void The_checksum_is_rfc_1071s()
    {
        // RFC 1071 §3's example: the words 0001 f203 f4f5 f6f7 sum to ddf2, complemented 220d.
        Assert.Equal(0x220d, Ipv4Header.Checksum([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]));
        Assert.Equal(0xFFFF - 0x0100, Ipv4Header.Checksum([0x01]));
    }
}
