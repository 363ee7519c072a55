using AsaEmu.Shell.Ssh.Algorithms;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>Known answers for the pieces that OpenSSH would only report as "corrupted MAC".</summary>
public sealed class AlgorithmTests
{
    [Fact]
    public void Aes_ctr_matches_the_nist_vector()
    {
        // NIST SP 800-38A, F.5.1 CTR-AES128.Encrypt, first two blocks.
        using var ctr = new AesCtr(Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c"), Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"));
        var data = Convert.FromHexString("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");

        ctr.Transform(data.AsSpan(0, 16));
        ctr.Transform(data.AsSpan(16));

        Assert.Equal("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff", Convert.ToHexString(data).ToLowerInvariant());
    }

    [Fact]
    public void Aes_ctr_carries_the_counter_across_bytes()
    {
        var key = new byte[16];
        var iv = Convert.FromHexString("000000000000000000000000000000ff");
        using var batch = new AesCtr(key, iv);
        using var single = new AesCtr(key, iv);
        var many = new byte[16 * 600];
        var pieces = new byte[16 * 600];

        batch.Transform(many);
        for (var i = 0; i < pieces.Length; i += 16)
            single.Transform(pieces.AsSpan(i, 16));

        Assert.Equal(many, pieces);
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = key;
        var second = aes.EncryptEcb(Convert.FromHexString("00000000000000000000000000000100"), System.Security.Cryptography.PaddingMode.None);
        Assert.Equal(second, many.AsSpan(16, 16).ToArray());
    }

    [Theory]
    [InlineData("00", "00000000")]
    [InlineData("0000", "00000000")]
    [InlineData("7f", "000000017f")]
    [InlineData("80", "000000020080")]
    [InlineData("00ff01", "00000003 00ff01")]
    public void Mpints_are_minimal_and_positive(string magnitude, string expected)
    {
        var written = new SshWriter().WriteMpint(Convert.FromHexString(magnitude)).ToArray();

        Assert.Equal(expected.Replace(" ", "", StringComparison.Ordinal), Convert.ToHexString(written).ToLowerInvariant());
    }

    [Fact]
    public void A_short_packet_is_a_protocol_error_not_a_crash()
    {
        var error = Assert.Throws<SshProtocolException>(() =>
        {
            var reader = new SshReader([0, 0, 0, 9, 1, 2]);
            reader.ReadString();
        });
        Assert.Equal(DisconnectReason.ProtocolError, error.Reason);
    }

    [Fact]
    public void A_low_order_curve25519_key_is_refused()
    {
        var error = Assert.Throws<SshProtocolException>(() => new Curve25519Sha256("curve25519-sha256").Agree(new byte[32]));
        Assert.Equal(DisconnectReason.KeyExchangeFailed, error.Reason);
    }

    [Fact]
    public void A_nistp256_point_off_the_curve_is_refused()
    {
        var point = new byte[65];
        point[0] = 4;
        point[32] = 1;
        point[64] = 1;
        var error = Assert.Throws<SshProtocolException>(() => new EcdhSha2Nistp256().Agree(point));
        Assert.Equal(DisconnectReason.KeyExchangeFailed, error.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    public void A_trivial_diffie_hellman_value_is_refused(string e)
    {
        var error = Assert.Throws<SshProtocolException>(() => new DiffieHellmanGroup14Sha256().Agree(Convert.FromHexString(e)));
        Assert.Equal(DisconnectReason.KeyExchangeFailed, error.Reason);
    }
}
