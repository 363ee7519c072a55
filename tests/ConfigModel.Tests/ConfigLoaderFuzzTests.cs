using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Fuzzing;
using CsCheck;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>
/// Property-based fuzz of the config loader: random lines of the real configs' words, the real configs
/// (Fixtures/real-configs) with lines and characters mutated, very long lines, long runs of sub-mode
/// lines, and binary junk. The loader never throws; every diagnostic names a line of the file by its
/// number and carries that line (secrets masked) with its caret inside it, every refusal is an
/// <c>ERROR:</c>; what loaded renders; and a file costs memory in proportion to its length. The test
/// run tries 500 files per property; the full run is its own command (README, "Test it").
/// </summary>
public class ConfigLoaderFuzzTests
{
    private static long Iterations => FuzzIterations.Count(inTests: 500);

    private static readonly string[][] RealConfigs =
        [.. Fixtures.RealConfigs.Select(f => ConfigLoader.SplitLines(Fixtures.Read(Path.Combine("real-configs", f))).ToArray())];

    /// <summary>Every word of the real configs: the loader's keywords and the values they take.</summary>
    private static readonly string[] Words = [.. RealConfigs.SelectMany(c => c).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order(StringComparer.Ordinal)];

    private static readonly Gen<string> Word = Gen.Frequency(
        (12, Gen.Int[0, Words.Length - 1].Select(i => Words[i])),
        (2, Gen.Int.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte, (a, b, c, d) => $"{a}.{b}.{c}.{d}")),
        (1, Gen.Char.Array[1, 12].Select(c => new string(c))));

    /// <summary>A line of 1-14 words after 0-3 spaces of indent (sub-mode lines are indented).</summary>
    private static readonly Gen<string> Line = Gen.Select(Gen.Int[0, 3], Word.Array[1, 14], (indent, words) => new string(' ', indent) + string.Join(' ', words));

    private static readonly Gen<string> RandomLines = Line.Array[1, 30].Select(lines => string.Join('\n', lines));

    /// <summary>A run of lines of a real config (sometimes all of it), with 1-8 edits of lines or characters.</summary>
    private static readonly Gen<string> MutatedConfig = Gen.Select(Gen.Int[0, RealConfigs.Length - 1], Gen.Int[0, 400], Gen.Frequency((6, Gen.Int[1, 40]), (1, Gen.Const(int.MaxValue))),
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 10_000], Gen.Int[0, 10_000], Line).Array[1, 8], (config, start, count, edits) =>
        {
            var all = RealConfigs[config];
            start = count == int.MaxValue ? 0 : start % Math.Max(1, all.Length);
            var lines = all.Skip(start).Take(count).ToList();
            foreach (var (kind, at, other, line) in edits)
            {
                if (lines.Count == 0) { lines.Add(line); continue; }
                var i = at % lines.Count;
                var text = lines[i];
                var c = text.Length == 0 ? 0 : other % text.Length;
                switch (kind)
                {
                    case 0: lines.RemoveAt(i); break;
                    case 1: lines.Insert(i, lines[other % lines.Count]); break;
                    case 2: (lines[i], lines[other % lines.Count]) = (lines[other % lines.Count], lines[i]); break;
                    case 3: lines.Insert(i, line); break;
                    case 4: lines[i] = text[..c] + (char)(other % 0x3000) + text[c..]; break;
                    case 5: lines[i] = text.Length == 0 ? text : text.Remove(c, 1); break;
                    case 6: lines[i] = text[..c]; break;
                    default: lines[i] = text.TrimStart().Length == text.Length ? " " + text : text.TrimStart(); break;
                }
            }
            return string.Join('\n', lines);
        });

    /// <summary>A real line with 10,000-200,000 characters more: one long word, or many words.</summary>
    private static readonly Gen<string> VeryLongLine = Gen.Select(Line, Gen.Int[10_000, 200_000], Gen.Bool, Word,
        (line, length, oneWord, word) => line + " " + (oneWord ? new string('a', length) : string.Join(' ', Enumerable.Repeat(word, length / (word.Length + 1) + 1))));

    private static readonly string[] SubModeHeads =
    [
        "interface GigabitEthernet0/N", "group-policy GN attributes", " webvpn", "tunnel-group TN type remote-access", "tunnel-group TN general-attributes",
        "tunnel-group TN ipsec-attributes", "crypto ikev1 policy N", "object network ON", "object-group network GN", "username uN attributes",
        "crypto dynamic-map DN N set ikev1 transform-set T", "banner motd N", "class-map cN", "policy-map pN", "  class cN",
    ];

    /// <summary>The lines that enter sub-modes, each followed by its sub-mode's lines indented ever deeper, hundreds of times.</summary>
    private static readonly Gen<string> DeepSubModes = Gen.Select(Gen.Int[50, 400], Line.Array[1, 4], (repeats, lines) =>
        string.Join('\n', Enumerable.Range(0, repeats).SelectMany(n => lines.Select((l, depth) => new string(' ', 1 + (n + depth) % 64) + l.TrimStart())
            .Prepend(SubModeHeads[n % SubModeHeads.Length].Replace("N", (n % 7).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))));

    /// <summary>Bytes read as Latin-1 (NUL, CR, controls and all), or as UTF-16 (lone surrogates too).</summary>
    private static readonly Gen<string> BinaryJunk = Gen.OneOf(
        Gen.Byte.Array[0, 2_000].Select(b => System.Text.Encoding.Latin1.GetString(b)),
        Gen.Char.Array[0, 1_000].Select(c => new string(c)));

    private static readonly Gen<string> Files = Gen.Frequency((4, RandomLines), (4, MutatedConfig), (1, VeryLongLine), (1, DeepSubModes), (2, BinaryJunk));

    /// <summary>
    /// What loading a file may allocate: 1 KiB per character and 4 MiB. The real configs take 30 to
    /// 700 bytes per character (each line is tokenised, matched against the command trees, tried
    /// branch by branch when it is unknown, and applied to a new immutable snapshot); in 20,000 fuzz
    /// files the most was 2,700 per character for a 250-character file (a command's first use
    /// building its tables: the constant's share) and 40 per character for the largest (7.5 MB for
    /// 186,000). Linear in the file's length: that is what the property guards.
    /// </summary>
    private static long Budget(int length) => 1024L * length + 4 * 1024 * 1024;

    private static void LoadsAndRenders(string text)
    {
        LoadResult? result = null;
        var before = GC.GetAllocatedBytesForCurrentThread();
        result = ConfigLoader.Load(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= Budget(text.Length), $"{allocated:N0} bytes allocated for {text.Length:N0} characters");

        var lines = ConfigLoader.SplitLines(text).ToArray();
        Assert.Equal(lines.Length, result.LineCount);
        foreach (var d in result.Diagnostics)
        {
            Assert.InRange(d.LineNumber, 1, lines.Length);
            Assert.Equal(SecretMasking.Line(lines[d.LineNumber - 1]), d.Line);
            if (d.Column is { } column) Assert.InRange(column, 0, d.Line.Length);
            if (d.Severity == Severity.Error) Assert.StartsWith("ERROR: ", d.Message, StringComparison.Ordinal);
        }
        Assert.All(result.KeptLines, n => Assert.InRange(n, 1, lines.Length));
        Assert.EndsWith(": end\n", RunningConfigRenderer.Render(result.Config, unmasked: true), StringComparison.Ordinal);
    }

    /// <summary>A failing file as the failure shows it: its start, with what does not print escaped.</summary>
    private static string Shown(string text) =>
        string.Concat(text.Take(4000).Select(c => c == '\n' ? "\n" : char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (text.Length > 4000 ? $"... ({text.Length:N0} characters)" : "");

    /// <summary>
    /// Finds of the fuzz, kept: a secret-bearing command word followed by thousands of words (seed
    /// 9UDl82NrTT72: 2.2 GB for 58,000 characters, as masking asked for each word whether a hash word
    /// followed it, scanning to the end of the line).
    /// </summary>
    [Theory]
    [InlineData("  enable 1.73.127.188")]
    [InlineData("username x password y")]
    [InlineData("passwd")]
    public void A_secret_bearing_line_of_thousands_of_words_loads_within_the_budget(string head)
    {
        LoadsAndRenders(head + string.Concat(Enumerable.Repeat(" 333221", 8000)) + "\n");
    }

    [Fact]
    public void Random_lines_of_config_words_load_with_an_error_for_each_refused_line()
    {
        RandomLines.Sample(LoadsAndRenders, iter: Iterations, print: Shown);
    }

    [Fact]
    public void Mutated_real_configs_long_lines_deep_sub_modes_and_binary_junk_load_too()
    {
        Files.Sample(LoadsAndRenders, iter: Iterations, print: Shown);
    }
}
