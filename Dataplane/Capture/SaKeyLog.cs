using System.Net;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Dataplane.Capture;

/// <summary>One direction of an IPsec SA as a decryption table needs it: outer addresses, SPI, transform, keys.</summary>
public sealed record EspSaKeys(IPAddress Source, IPAddress Destination, uint Spi, EspTransform Transform, byte[] EncryptionKey, byte[] IntegrityKey);

/// <summary>An IKEv1 SA as a decryption table needs it: the initiator's cookie and the phase-1 encryption key.</summary>
public sealed record IkeSaKeys(ulong CookieI, byte[] EncryptionKey);

/// <summary>
/// The keys of the SAs seen while captures exist, so an exported capture can be decrypted even
/// after its SAs are gone. Bounded: the oldest entries go first.
/// </summary>
public sealed class SaKeyLog
{
    public const int Capacity = 4096;

    private readonly Lock _gate = new();
    private readonly List<EspSaKeys> _esp = [];
    private readonly List<IkeSaKeys> _ike = [];

    public IReadOnlyList<EspSaKeys> Esp { get { lock (_gate) return [.. _esp]; } }
    public IReadOnlyList<IkeSaKeys> Ike { get { lock (_gate) return [.. _ike]; } }

    /// <summary>Both directions of an IPsec SA pair: inbound from the peer to us, outbound from us to the peer.</summary>
    public void Add(ChildSa child)
    {
        Add(new EspSaKeys(child.Peer.Address, child.Local.Address, child.InboundSpi, child.Transform,
            child.Keys.Inbound.EncryptionKey.ToArray(), child.Keys.Inbound.IntegrityKey.ToArray()));
        Add(new EspSaKeys(child.Local.Address, child.Peer.Address, child.OutboundSpi, child.Transform,
            child.Keys.Outbound.EncryptionKey.ToArray(), child.Keys.Outbound.IntegrityKey.ToArray()));
    }

    public void Add(EspSaKeys keys)
    {
        lock (_gate)
        {
            _esp.RemoveAll(k => k.Spi == keys.Spi && k.Destination.Equals(keys.Destination));
            _esp.Add(keys);
            if (_esp.Count > Capacity) _esp.RemoveAt(0);
        }
    }

    public void Add(IkeSaKeys keys)
    {
        lock (_gate)
        {
            _ike.RemoveAll(k => k.CookieI == keys.CookieI);
            _ike.Add(keys);
            if (_ike.Count > Capacity) _ike.RemoveAt(0);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _esp.Clear();
            _ike.Clear();
        }
    }
}
