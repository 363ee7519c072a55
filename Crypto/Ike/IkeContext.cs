using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>The engine's run-time state that exchanges share across SAs: pool leases, the local user database, the counters, the other sessions.</summary>
public sealed record IkeServices(AddressAllocator Pools, LocalUserDatabase LocalUsers, IkeStatistics Statistics)
{
    /// <summary>The engine's sessions, for the checks one login makes against the others (vpn-simultaneous-logins) and for AAA tickets.</summary>
    public IRemoteAccessSessions? Sessions { get; init; }
}

/// <summary>What one engine step works with: the config snapshot, the time, the random source, the shared services and the outputs.</summary>
public sealed record IkeContext(AsaConfig Config, DateTimeOffset Now, IRandom Random, IkeOutputs Outputs, IkeServices Services)
{
    /// <summary>The datagram this step processes; null for steps that time or the CLI drive.</summary>
    public IkeDatagram? Received { get; init; }

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Fill(bytes);
        return bytes;
    }

    public uint RandomMessageId()
    {
        Span<byte> b = stackalloc byte[4];
        uint id;
        do { Random.Fill(b); id = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b); } while (id == 0);
        return id;
    }

    /// <summary>A fresh SPI of an IKE SA: an ISAKMP cookie (RFC 2408 §3.1) or an IKEv2 SPI (RFC 7296 §3.1), 8 random octets, never 0 (its low bit set).</summary>
    public ulong RandomIkeSpi()
    {
        Span<byte> b = stackalloc byte[8];
        Random.Fill(b);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b) | 1;
    }

    /// <summary>A fresh SPI for an inbound IPsec SA (values below 256 are reserved, RFC 4303 §2.1).</summary>
    public uint RandomSpi()
    {
        Span<byte> b = stackalloc byte[4];
        uint spi;
        do { Random.Fill(b); spi = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b); } while (spi < 256);
        return spi;
    }

    /// <summary>
    /// The message being processed passed its HASH check (<paramref name="hash"/>), so the peer
    /// sent it: only now does it count. A client that found a NAT, or floated to 4500 by NAT-T
    /// (RFC 3947 §4), talks from its new address and port; it is alive (DPD, RFC 3706 §5.5); and a
    /// copy of this message is answered by resending our reply to it (RFC 2408 §5). A message whose
    /// HASH came before is a copy an on-path sender may replay from anywhere: it moves nothing.
    /// </summary>
    public void PeerProven(IkeSa sa, ReadOnlySpan<byte> hash)
    {
        if (Received is not { } datagram || !sa.FirstSighting(hash)) return;
        sa.Local = datagram.Local;
        sa.Peer = datagram.Remote;
        sa.LastHeard = Now;
        sa.DpdOutstanding = 0;
        sa.LastReceived = datagram.Data.ToArray();
        sa.LastSent = null;
    }
}
