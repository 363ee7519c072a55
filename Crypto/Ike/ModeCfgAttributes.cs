namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Transaction-exchange attribute types (draft-dukes-ike-mode-cfg-02 §3.3,
/// draft-beaulieu-ike-xauth-02 §6, Cisco Unity; reference §5.3) and the ASA's names for the
/// requested ones in <c>MODE_CFG: Received request for ...!</c>.
/// </summary>
public static class ModeCfgAttributes
{
    public const ushort InternalIp4Address = 1, InternalIp4Netmask = 2, InternalIp4Dns = 3, InternalIp4Nbns = 4,
        InternalAddressExpiry = 5, ApplicationVersion = 7;
    public const ushort XauthType = 16520, XauthUserName = 16521, XauthUserPassword = 16522, XauthMessage = 16524, XauthStatus = 16527;
    public const ushort UnityBanner = 28672, UnitySavePasswd = 28673, UnityDefDomain = 28674, UnitySplitDns = 28675,
        UnitySplitInclude = 28676, UnityNattPort = 28677, UnityLocalLan = 28678, UnityPfs = 28679, UnityFwType = 28680,
        UnityBackupServers = 28681, UnityDdnsHostname = 28682;

    public static string RequestName(ushort type) => type switch
    {
        InternalIp4Address => "IPV4 address",
        InternalIp4Netmask => "IPV4 net mask",
        InternalIp4Dns => "DNS server address",
        InternalIp4Nbns => "WINS server address",
        UnityBanner => "Banner",
        UnitySavePasswd => "Save PW setting",
        UnityDefDomain => "Default Domain Name",
        UnitySplitInclude => "Split Tunnel List",
        UnitySplitDns => "Split DNS",
        UnityPfs => "PFS setting",
        UnityBackupServers => "backup ip-sec peer list",
        ApplicationVersion => "Application Version",
        UnityFwType => "FWTYPE",
        UnityNattPort => "UDP Port",
        _ => $"attribute {type}",
    };
}
