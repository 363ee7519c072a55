using System.Security.Cryptography;

namespace AsaEmu.Crypto.Keying;

/// <summary>
/// The engine's only source of randomness (DH private values, nonces, cookies, SPIs, IVs).
/// Injected so that exchange tests can run with a seeded fake.
/// </summary>
public interface IRandom
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    void Fill(Span<byte> destination);
}

/// <summary>The operating system's CSPRNG, for the appliance to inject; protocol code never creates it.</summary>
public sealed class SystemRandom : IRandom
{
    public static readonly SystemRandom Instance = new();

    private SystemRandom()
    {
    }

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
