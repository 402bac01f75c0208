using System.Globalization;
using System.Numerics;

namespace PlatformWatch.Rules;

/// <summary>
/// An exact fraction. Thresholds such as two thirds are rationals, never 0.6667: a decimal share
/// is compared with one by cross-multiplying, so 0.6667 reaches 2/3 and 0.6666 does not.
/// </summary>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    // The denominator is stored minus one, so that default(Rational) is 0/1.
    private readonly BigInteger _denominatorMinusOne;

    private Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("a rational's denominator must not be zero");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsZero && !gcd.IsOne)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        Numerator = numerator;
        _denominatorMinusOne = denominator - 1;
    }

    /// <summary>The numerator, in lowest terms.</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator, positive, in lowest terms.</summary>
    public BigInteger Denominator => _denominatorMinusOne + 1;

    /// <summary>Zero.</summary>
    public static Rational Zero => default;

    /// <summary>n/d, reduced.</summary>
    public static Rational Of(BigInteger numerator, BigInteger denominator) => new(numerator, denominator);

    /// <summary>An integer as a rational.</summary>
    public static Rational FromInteger(BigInteger value) => new(value, BigInteger.One);

    /// <summary>A decimal, exactly (a decimal is an integer over a power of ten).</summary>
    public static Rational FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[3] < 0)
        {
            mantissa = -mantissa;
        }

        return new Rational(mantissa, BigInteger.Pow(10, scale));
    }

    /// <summary>Reads <c>2/3</c>, <c>0.5</c> or <c>12</c>; null when the text is none of these.</summary>
    public static Rational? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (BigInteger.TryParse(text[..slash].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                && BigInteger.TryParse(text[(slash + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                && !d.IsZero)
            {
                return Of(n, d);
            }

            return null;
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? FromDecimal(value)
            : null;
    }

    /// <summary>Sum.</summary>
    public static Rational operator +(Rational a, Rational b) => Of(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    /// <summary>Difference.</summary>
    public static Rational operator -(Rational a, Rational b) => Of(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    /// <summary>Product.</summary>
    public static Rational operator *(Rational a, Rational b) => Of(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>Quotient.</summary>
    public static Rational operator /(Rational a, Rational b) => Of(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>Compares.</summary>
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    /// <summary>Compares.</summary>
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    /// <summary>Compares.</summary>
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    /// <summary>Compares.</summary>
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>Equal values.</summary>
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    /// <summary>Different values.</summary>
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    /// <summary>A decimal as a rational.</summary>
    public static implicit operator Rational(decimal value) => FromDecimal(value);

    /// <summary>The value as a decimal when it is one exactly (1/2 → 0.5; 2/3 is not).</summary>
    public bool TryToDecimal(out decimal value)
    {
        value = 0;
        var rest = Denominator;
        int twos = 0, fives = 0;
        while ((rest % 2).IsZero)
        {
            rest /= 2;
            twos++;
        }

        while ((rest % 5).IsZero)
        {
            rest /= 5;
            fives++;
        }

        var scale = Math.Max(twos, fives);
        if (!rest.IsOne || scale > 28)
        {
            return false;
        }

        var scaled = Numerator * (BigInteger.Pow(10, scale) / Denominator);
        var magnitude = BigInteger.Abs(scaled);
        if (magnitude > new BigInteger(decimal.MaxValue))
        {
            return false;
        }

        value = new decimal(
            (int)(uint)(magnitude & uint.MaxValue),
            (int)(uint)((magnitude >> 32) & uint.MaxValue),
            (int)(uint)((magnitude >> 64) & uint.MaxValue),
            scaled.Sign < 0,
            (byte)scale);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <inheritdoc />
    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary><c>2/3</c>, or <c>5</c> for an integer.</summary>
    public override string ToString() => Denominator.IsOne
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
