namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>A test that needs the OpenSSH client: skipped, with the reason, when it is not installed.</summary>
public sealed class OpenSshFactAttribute : FactAttribute
{
    public OpenSshFactAttribute()
    {
        if (!OpenSsh.Installed)
            Skip = $"needs the OpenSSH client at {OpenSsh.Path} (apt-get install openssh-client)";
    }
}

/// <summary>A theory that needs the OpenSSH client.</summary>
public sealed class OpenSshTheoryAttribute : TheoryAttribute
{
    public OpenSshTheoryAttribute()
    {
        if (!OpenSsh.Installed)
            Skip = $"needs the OpenSSH client at {OpenSsh.Path} (apt-get install openssh-client)";
    }
}
