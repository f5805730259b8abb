using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace SendGateway.Server.Hosting.DataProtection;

/// <summary>
/// Seals a Data Protection key's XML with the master key (<see cref="SecretBox"/>, AES-256-GCM, its own purpose) before
/// the key ring stores it: what Redis holds is <c>&lt;sealedKey&gt;</c> with base64 ciphertext, no key material.
/// </summary>
internal sealed class MasterKeyXmlEncryptor(SecretBox secrets) : IXmlEncryptor
{
    public const string Purpose = "dataprotection-key-ring";

    public const string ElementName = "sealedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            var sealedKey = secrets.Seal(plaintext, Purpose);
            return new EncryptedXmlInfo(new XElement(ElementName, Convert.ToBase64String(sealedKey)), typeof(MasterKeyXmlDecryptor));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
