using System.Buffers.Binary;

namespace AsaEmu.Dataplane.Capture;

/// <summary>
/// A classic libpcap file of captured IPv4 packets, as <c>copy /pcap capture:NAME</c> writes it.
/// Little-endian, microsecond timestamps, link type LINKTYPE_RAW (101: the packet starts at its IP
/// header, which is what a TUN device and the synthesized outside packets have; Wireshark and
/// tcpdump open it as such).
/// <code>
/// Global header (24 bytes)                 Record header (16 bytes), then incl_len bytes
/// +----------------------------------+     +----------------------------------+
/// | magic_number  0xa1b2c3d4    (u32) |     | ts_sec   seconds since 1970 (u32)|
/// | version_major 2 | version_minor 4 |     | ts_usec  microseconds      (u32) |
/// | thiszone      0             (i32) |     | incl_len bytes kept        (u32) |
/// | sigfigs       0             (u32) |     | orig_len bytes on the wire (u32) |
/// | snaplen                     (u32) |     +----------------------------------+
/// | network       101           (u32) |     | packet data ...                  |
/// +----------------------------------+     +----------------------------------+
/// </code>
/// </summary>
public static class PcapWriter
{
    public const uint Magic = 0xa1b2c3d4;
    public const uint LinkTypeRaw = 101;
    public const int GlobalHeaderLength = 24, RecordHeaderLength = 16;

    public static byte[] Write(IReadOnlyList<CapturedPacket> packets, int snapLength = 65535)
    {
        var size = GlobalHeaderLength;
        foreach (var p in packets) size += RecordHeaderLength + p.Data.Length;
        var file = new byte[size];
        var span = file.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], (uint)snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], LinkTypeRaw);
        var at = GlobalHeaderLength;
        foreach (var p in packets)
        {
            var microseconds = p.Time.ToUnixTimeMilliseconds() * 1000 + p.Time.Ticks / 10 % 1000;
            var record = span[at..];
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(microseconds / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(microseconds % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)p.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)p.OriginalLength);
            p.Data.CopyTo(record[RecordHeaderLength..]);
            at += RecordHeaderLength + p.Data.Length;
        }
        return file;
    }
}
