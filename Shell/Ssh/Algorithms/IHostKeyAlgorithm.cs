namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>A server host key signature algorithm (RFC 4253 §6.6, RFC 8332, RFC 8709).</summary>
internal interface IHostKeyAlgorithm
{
    /// <summary>The name negotiated in server_host_key_algorithms, e.g. <c>rsa-sha2-256</c>.</summary>
    string Name { get; }

    /// <summary>K_S: the public key blob (its own key type name, e.g. <c>ssh-rsa</c>, then the key).</summary>
    byte[] PublicKeyBlob { get; }

    /// <summary>The signature blob: <c>string algorithm name, string signature</c>.</summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}
