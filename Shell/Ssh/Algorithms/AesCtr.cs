using System.Numerics;
using System.Security.Cryptography;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>
/// AES in counter mode (RFC 4344) over one reused .NET ECB transform: the counter blocks are
/// encrypted in batches and XORed into the data. Lengths are whole blocks, as SSH packets are.
/// </summary>
internal sealed class AesCtr : IDisposable
{
    private const int Block = 16;
    private const int BatchBlocks = 256;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counter = new byte[Block];
    private readonly byte[] _counterBlocks = new byte[Block * BatchBlocks];
    private readonly byte[] _keystream = new byte[Block * BatchBlocks];

    public AesCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
        iv[..Block].CopyTo(_counter);
    }

    /// <summary>Encrypts or decrypts <paramref name="data"/> in place.</summary>
    public void Transform(Span<byte> data)
    {
        if (data.Length % Block != 0)
            throw new ArgumentException("CTR data must be whole blocks", nameof(data));
        while (!data.IsEmpty)
        {
            var blocks = Math.Min(data.Length / Block, BatchBlocks);
            var bytes = blocks * Block;
            for (var i = 0; i < blocks; i++)
            {
                _counter.CopyTo(_counterBlocks, i * Block);
                Increment(_counter);
            }
            _ecb.TransformBlock(_counterBlocks, 0, bytes, _keystream, 0);
            Xor(data[..bytes], _keystream.AsSpan(0, bytes));
            data = data[bytes..];
        }
    }

    private static void Increment(byte[] counter)
    {
        for (var i = counter.Length - 1; i >= 0; i--)
        {
            if (++counter[i] != 0)
                break;
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var i = 0;
        var width = Vector<byte>.Count;
        for (; i + width <= data.Length; i += width)
            (new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(data[i..]);
        for (; i < data.Length; i++)
            data[i] ^= keystream[i];
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
