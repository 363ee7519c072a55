namespace AsaEmu.Crypto.Ike;

/// <summary>The vendor IDs an ASA recognises and sends (reference §5.1), and how it names them in debug output.</summary>
public static class VendorIds
{
    public static readonly byte[] CiscoUnity = Convert.FromHexString("12f5f28c457168a9702d9fe274cc0100");
    public static readonly byte[] Xauth = Convert.FromHexString("09002689dfd6b712");
    public static readonly byte[] Dpd = Convert.FromHexString("afcad71368a1f1c96b8696fc77570100");
    /// <summary>Cisco IKE fragmentation; followed by 4 bytes of capability flags.</summary>
    public static readonly byte[] Fragmentation = Convert.FromHexString("4048b7d56ebce88525e7de7f00d6c2d3");
    /// <summary>The flags an ASA sends after the fragmentation VID: main and aggressive mode.</summary>
    public static readonly byte[] FragmentationAsaCapabilities = Convert.FromHexString("c0000000");
    /// <summary>Cisco VPN 3000 / ASA ("Altiga"), version 1.0.</summary>
    public static readonly byte[] CiscoVpn3000 = Convert.FromHexString("1f07f70eaa6514d3b0fa96542a500100");
    public static readonly byte[] NatTRfc3947 = Convert.FromHexString("4a131c81070358455c5728f20e95452f");
    public static readonly byte[] NatTDraft03 = Convert.FromHexString("7d9419a65310ca6f2c179d9215529d56");
    public static readonly byte[] NatTDraft02 = Convert.FromHexString("cd60464335df21f87cfdb2fc68b6a448");
    /// <summary>Draft 02 with a trailing newline in the hashed string: the one Cisco clients send.</summary>
    public static readonly byte[] NatTDraft02N = Convert.FromHexString("90cb80913ebb696e086381b5ec427b1f");

    public static bool Is(ReadOnlySpan<byte> received, byte[] vid) => received.SequenceEqual(vid);

    public static bool StartsWith(ReadOnlySpan<byte> received, byte[] prefix) =>
        received.Length >= prefix.Length && received[..prefix.Length].SequenceEqual(prefix);

    /// <summary>The VID that announces <paramref name="version"/> (draft 02 in the Cisco clients' spelling).</summary>
    public static byte[] NatTVid(NatTVersion version) => version switch
    {
        NatTVersion.Rfc3947 => NatTRfc3947,
        NatTVersion.Draft03 => NatTDraft03,
        _ => NatTDraft02N,
    };

    /// <summary>The NAT-T version a VID announces, or null for another VID.</summary>
    public static NatTVersion? NatT(ReadOnlySpan<byte> vid) =>
        Is(vid, NatTRfc3947) ? NatTVersion.Rfc3947
        : Is(vid, NatTDraft03) ? NatTVersion.Draft03
        : Is(vid, NatTDraft02) || Is(vid, NatTDraft02N) ? NatTVersion.Draft02
        : null;
}

/// <summary>NAT-T variants, best last: the ASA echoes the best one the client offered.</summary>
public enum NatTVersion { Draft02, Draft03, Rfc3947 }
