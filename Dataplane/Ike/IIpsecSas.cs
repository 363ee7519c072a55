using AsaEmu.Crypto.Ike;

namespace AsaEmu.Dataplane.Ike;

/// <summary>
/// Where the IKE service puts the IPsec SA pairs it negotiates and asks how much each carried: the ESP
/// dataplane. Called on the control loop only.
/// </summary>
public interface IIpsecSas
{
    void Install(ChildSa child);

    void Remove(ChildSa child);

    /// <summary>The inner bytes the pair of inbound SPI <paramref name="inboundSpi"/> carried so far; null when there is no such pair.</summary>
    ChildSaUsage? UsageOf(uint inboundSpi);
}
