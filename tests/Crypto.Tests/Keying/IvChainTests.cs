using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Keying;

public class IvChainTests
{
    public static IEnumerable<object[]> Names => Vectors.Phase1Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Phase1_iv_is_the_hash_of_both_public_values(string name)
    {
        var v = Vectors.Phase1Named(name);
        using var keys = KeyMaterialTests.Derive(v);
        using var chain = new IvChain(keys.Hash, keys.Cipher);
        chain.SetPhase1Iv(v.Bytes("gxi"), v.Bytes("gxr"));
        Assert.Equal(v.Hex("iv0"), Vectors.Hex(chain.GetIv(0)));
    }

    /// <summary>Phase 1, a transaction, a Quick Mode and an informational, interleaved, encrypted by the script.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Sent_messages_follow_the_chain(string name)
    {
        var v = Vectors.Phase1Named(name);
        if (!v.TryGetProperty("messages", out var messages))
        {
            return; // the script had no cipher for this one (single DES)
        }

        using var keys = KeyMaterialTests.Derive(v);
        using var chain = new IvChain(keys.Hash, keys.Cipher);
        chain.SetPhase1Iv(v.Bytes("gxi"), v.Bytes("gxr"));
        foreach (var m in messages.EnumerateArray())
        {
            var mid = m.UInt("mid");
            var body = m.Bytes("body");
            Assert.Equal(m.Hex("iv"), Vectors.Hex(chain.GetIv(mid)));
            var output = new byte[chain.EncryptedLength(body.Length)];
            Assert.Equal(output.Length, chain.Encrypt(mid, body, output));
            Assert.Equal(m.Hex("ciphertext"), Vectors.Hex(output));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Received_messages_decrypt_along_the_chain_once_confirmed(string name)
    {
        var v = Vectors.Phase1Named(name);
        if (!v.TryGetProperty("messages", out var messages))
        {
            return;
        }

        using var keys = KeyMaterialTests.Derive(v);
        using var chain = new IvChain(keys.Hash, keys.Cipher);
        chain.SetPhase1Iv(v.Bytes("gxi"), v.Bytes("gxr"));
        foreach (var m in messages.EnumerateArray())
        {
            var mid = m.UInt("mid");
            var buffer = m.Bytes("ciphertext");
            var body = m.Hex("body");
            Assert.True(chain.TryDecrypt(mid, buffer, buffer));
            Assert.Equal(body, Vectors.Hex(buffer)[..body.Length]);
            Assert.All(buffer[(body.Length / 2)..], b => Assert.Equal(0, b));
            chain.Confirm(mid);
        }
    }

    [Fact]
    public void An_unconfirmed_message_leaves_the_iv_alone()
    {
        var v = Vectors.Phase1Named("sha1-g2-aes128");
        var messages = v.GetProperty("messages").EnumerateArray().ToList();
        using var keys = KeyMaterialTests.Derive(v);
        using var chain = new IvChain(keys.Hash, keys.Cipher);
        chain.SetPhase1Iv(v.Bytes("gxi"), v.Bytes("gxr"));

        var forged = new byte[64];
        var plaintext = new byte[64];
        Assert.True(chain.TryDecrypt(0, forged, plaintext));
        Assert.Equal(v.Hex("iv0"), Vectors.Hex(chain.GetIv(0)));

        var am3 = messages[0].Bytes("ciphertext");
        Assert.True(chain.TryDecrypt(0, am3, new byte[am3.Length]));
        Assert.Equal(v.Hex("iv0"), Vectors.Hex(chain.GetIv(0)));
        chain.Confirm(0);
        Assert.Equal(Vectors.Hex(am3.AsSpan(am3.Length - 16)), Vectors.Hex(chain.GetIv(0)));
        Assert.Equal(messages[1].Hex("iv"), Vectors.Hex(chain.GetIv(messages[1].UInt("mid"))));
    }

    [Fact]
    public void Lengths_that_are_not_whole_blocks_are_refused()
    {
        var v = Vectors.Phase1Named("sha1-g2-3des");
        using var keys = KeyMaterialTests.Derive(v);
        using var chain = new IvChain(keys.Hash, keys.Cipher);
        chain.SetPhase1Iv(v.Bytes("gxi"), v.Bytes("gxr"));
        var buffer = new byte[64];

        Assert.False(chain.TryDecrypt(0, buffer.AsSpan(0, 0), buffer));
        Assert.False(chain.TryDecrypt(0, buffer.AsSpan(0, 12), buffer));
        Assert.False(chain.TryDecrypt(0, buffer.AsSpan(0, 32), buffer.AsSpan(0, 24)));
        Assert.True(chain.TryDecrypt(0, buffer.AsSpan(0, 8), buffer));
        Assert.Equal(8, chain.EncryptedLength(1));
        Assert.Equal(16, chain.EncryptedLength(16));
        Assert.Equal(24, chain.EncryptedLength(17));
    }

    [Fact]
    public void The_least_recently_used_exchange_is_forgotten_beyond_capacity()
    {
        var v = Vectors.Phase1Named("sha1-g2-aes128");
        using var keys = KeyMaterialTests.Derive(v);
        using var chain = new IvChain(keys.Hash, keys.Cipher, capacity: 2);
        chain.SetPhase1Iv(v.Bytes("gxi"), v.Bytes("gxr"));
        var body = new byte[16];
        var output = new byte[16];

        var initial1 = Vectors.Hex(chain.GetIv(1));
        chain.Encrypt(1, body, output);
        chain.GetIv(2);
        chain.GetIv(1);
        chain.GetIv(3); // evicts 2, the least recently used
        Assert.Equal(Vectors.Hex(output), Vectors.Hex(chain.GetIv(1)));
        chain.Forget(1);
        Assert.Equal(initial1, Vectors.Hex(chain.GetIv(1)));
    }

    /// <summary>RFC 2409 §5.7: an informational message's IV is hash(last phase-1 block | M-ID), also for M-ID 0.</summary>
    [Fact]
    public void Informational_messages_take_their_iv_from_the_m_id_even_m_id_0_and_leave_the_chains_alone()
    {
        var v = Vectors.Phase1Named("sha1-g2-aes128");
        var am3 = v.GetProperty("messages").EnumerateArray().First().Bytes("ciphertext");
        using var keys = KeyMaterialTests.Derive(v);
        using var chain = new IvChain(keys.Hash, keys.Cipher);
        chain.SetPhase1Iv(v.Bytes("gxi"), v.Bytes("gxr"));
        Assert.True(chain.TryDecrypt(0, am3, new byte[am3.Length]));
        chain.Confirm(0);
        var phase1 = chain.GetIv(0).ToArray();

        var digest = new byte[keys.Hash.Length];
        keys.Hash.Hash([.. phase1, 0, 0, 0, 0], digest);
        var body = "DELETE of the IKE SA, 1 in 256"u8.ToArray();
        var sealedBody = new byte[chain.EncryptedLength(body.Length)];
        Assert.Equal(sealedBody.Length, chain.EncryptInformational(0, body, sealedBody));
        var expected = new byte[sealedBody.Length];
        body.CopyTo(expected, 0);
        keys.Cipher.Encrypt(digest.AsSpan(0, 16), expected, expected);
        Assert.Equal(Vectors.Hex(expected), Vectors.Hex(sealedBody));

        var opened = new byte[sealedBody.Length];
        Assert.True(chain.TryDecryptInformational(0, sealedBody, opened));
        Assert.Equal(body, opened[..body.Length]);
        Assert.False(chain.TryDecryptInformational(0, sealedBody.AsSpan(0, 12), opened));
        Assert.Equal(Vectors.Hex(phase1), Vectors.Hex(chain.GetIv(0)));
    }

    [Fact]
    public void The_phase1_iv_must_be_set_first()
    {
        using var keys = KeyMaterialTests.Derive(Vectors.Phase1Named("sha1-g2-aes128"));
        using var chain = new IvChain(keys.Hash, keys.Cipher);
        Assert.Throws<InvalidOperationException>(() => chain.GetIv(0).Length);
    }
}
