using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>What one engine step works with: the config snapshot, the time, the random source and the outputs.</summary>
public sealed record IkeContext(AsaConfig Config, DateTimeOffset Now, IRandom Random, IkeOutputs Outputs)
{
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
}
