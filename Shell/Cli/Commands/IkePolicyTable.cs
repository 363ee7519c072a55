using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>show crypto isakmp policy</c> / <c>show crypto ikev1 policy</c>: the IKEv1 policies in
/// priority order, each as a protection suite with its algorithms spelled out. The layout and the
/// names are those of the PIX/IOS command of that name [M]: the ASA's own rendering is not recorded.
/// </summary>
public static class IkePolicyTable
{
    public static IEnumerable<string> Render(AsaConfig config)
    {
        yield return "Global IKE policy:";
        foreach (var policy in config.All<IkePolicy>().OrderBy(p => p.Priority))
        {
            yield return $"Protection suite of priority {policy.Priority}";
            yield return $"\tencryption algorithm:\t{Encryption(policy)}";
            yield return $"\thash algorithm:\t\t{(policy.Hash == "md5" ? "Message Digest 5" : "Secure Hash Standard")}";
            yield return $"\tauthentication method:\t{Authentication(policy.Authentication)}";
            yield return $"\tDiffie-Hellman group:\t#{policy.Group} ({GroupSize(policy.Group)})";
            yield return $"\tlifetime:\t\t{(policy.Lifetime is { } seconds ? $"{seconds} seconds" : "no time limit")}, no volume limit";
        }
    }

    private static string Encryption(IkePolicy policy) => policy.AesKeyBits is { } bits
        ? $"AES - Advanced Encryption Standard ({bits} bit keys)."
        : policy.Encryption == "des" ? "DES - Data Encryption Standard (56 bit keys)." : "Three key triple DES";

    private static string Authentication(string method) => method switch
    {
        "rsa-sig" => "Rivest-Shamir-Adleman Signature",
        "crack" => "CRACK",
        _ => "Pre-Shared Key",
    };

    /// <summary>The size of a Diffie-Hellman group's modulus or curve (RFC 2409 §6, RFC 3526, RFC 5903).</summary>
    private static string GroupSize(int group) => group switch
    {
        1 => "768 bit",
        2 => "1024 bit",
        5 => "1536 bit",
        14 => "2048 bit",
        15 => "3072 bit",
        16 => "4096 bit",
        19 => "256 bit ECP",
        20 => "384 bit ECP",
        21 => "521 bit ECP",
        24 => "2048 bit, 256 bit subgroup",
        _ => "unknown",
    };
}
