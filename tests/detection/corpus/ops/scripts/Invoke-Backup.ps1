param(
    [Parameter(Mandatory = $true)][string]$Source,
    [string]$Destination = "D:\Backups"
)

$stamp = Get-Date -Format "yyyyMMdd-HHmmss"
$target = Join-Path $Destination "backup-$stamp.zip"
Compress-Archive -Path $Source -DestinationPath $target -CompressionLevel Optimal
Write-Host "Backup written to $target"
