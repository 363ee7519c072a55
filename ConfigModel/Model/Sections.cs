namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// Section order of <c>show running-config</c> on ASA 9.x (reference §1.8, and the device
/// captures in the real-config corpus). Items of one section keep the order they were created in.
/// Unmodelled lines take a section from <see cref="CommandCatalogue"/>, or stay after the line
/// they followed.
/// </summary>
public static class Sections
{
    public const int Start = 0;
    public const int Hostname = 10;
    public const int DomainName = 20;
    public const int EnablePassword = 30;
    public const int Passwd = 40;
    public const int Names = 50;
    public const int Name = 55;
    public const int Interface = 60;
    public const int Banner = 70;
    public const int BootFtpClockDns = 80;
    public const int Objects = 110;
    public const int AccessList = 120;
    public const int Pager = 130;
    public const int Logging = 140;
    public const int Mtu = 150;
    public const int IpLocalPool = 160;
    public const int FailoverIcmpArp = 170;
    public const int Nat = 180;
    public const int AccessGroup = 190;
    public const int Route = 200;
    public const int Timeout = 210;
    public const int AaaServer = 230;
    public const int UserIdentity = 240;
    public const int AaaAuthentication = 250;
    public const int Http = 260;
    public const int Snmp = 270;
    public const int Sysopt = 280;
    public const int TransformSet = 300;
    public const int IpsecSaLifetime = 310;
    public const int IpsecGlobal = 315;
    public const int DynamicMap = 320;
    public const int CryptoMap = 330;
    public const int CryptoCa = 340;
    /// <summary>Global <c>crypto isakmp</c>/<c>crypto ikev1</c> settings: 9.x prints <c>crypto isakmp identity</c> before <c>crypto ikev1 enable</c>.</summary>
    public const int IsakmpGlobal = 345;
    public const int IkeEnable = 350;
    public const int IkePolicy = 360;
    public const int Ikev2 = 370;
    public const int Telnet = 380;
    public const int Ssh = 390;
    public const int Console = 400;
    public const int ThreatNtpWebvpn = 410;
    public const int GroupPolicy = 420;
    public const int DynamicAccessPolicy = 425;
    public const int Username = 430;
    public const int TunnelGroup = 440;
    public const int ModularPolicy = 450;
    public const int Trailer = 460;
}
