namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>A negotiable cipher. An AEAD cipher brings its own integrity and ignores the negotiated MAC.</summary>
internal sealed class CipherAlgorithm(string name, int keyLength, int ivLength, bool isAead,
    Func<byte[], byte[], MacAlgorithm?, byte[]?, IPacketCipher> create)
{
    public string Name { get; } = name;
    public int KeyLength { get; } = keyLength;
    public int IvLength { get; } = ivLength;
    public bool IsAead { get; } = isAead;

    public IPacketCipher Create(byte[] key, byte[] iv, MacAlgorithm? mac, byte[]? macKey) => create(key, iv, mac, macKey);

    public static readonly CipherAlgorithm Aes128Ctr = Ctr("aes128-ctr", 16);
    public static readonly CipherAlgorithm Aes256Ctr = Ctr("aes256-ctr", 32);
    public static readonly CipherAlgorithm Aes128Gcm = Gcm("aes128-gcm@openssh.com", 16);
    public static readonly CipherAlgorithm Aes256Gcm = Gcm("aes256-gcm@openssh.com", 32);

    private static CipherAlgorithm Ctr(string name, int keyLength) =>
        new(name, keyLength, 16, false, (key, iv, mac, macKey) =>
            new AesCtrHmacCipher(new AesCtr(key, iv), mac!.Create(macKey!), mac.EncryptThenMac));

    private static CipherAlgorithm Gcm(string name, int keyLength) =>
        new(name, keyLength, 12, true, (key, iv, _, _) => new AesGcmCipher(key, iv));
}
