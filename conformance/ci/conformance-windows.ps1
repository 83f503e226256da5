# Runs the conformance suite and ipinfo's smoke checks on Windows, exactly
# as CI does (.github/workflows/windows.yml). From the directory holding
# what `make conformance-bins` built, in an elevated PowerShell:
#
#   .\conformance-windows.ps1 .\conformance-windows-GOARCH.test.exe .\ipinfo-windows-GOARCH.exe [-Out OUTDIR] [-Link NAME]
#
# Steps: the suite read-only (RTNLX_CONFORMANCE_MUTATE=0); the whole
# suite, setters included, on -Link (default: the adapter of the default
# route: the suite's changes are in 198.18.0.0/15 and 2001:db8::/32 and
# its MTU change is undone); ipinfo's listings in text and JSON, and
# `monitor addr` seeing an address added and removed with
# New-NetIPAddress. Each step's output is OUTDIR\NAME.txt (default
# OUTDIR: .\out); the verdicts are OUTDIR\summary.txt, whose last line is
# "RESULT PASS" or "RESULT FAIL". The exit status is 0 only for PASS.
param(
	[Parameter(Mandatory = $true)][string]$Suite,
	[Parameter(Mandatory = $true)][string]$IPInfo,
	[string]$Out = "out",
	[string]$Link = ""
)
$ErrorActionPreference = "Stop"
New-Item -ItemType Directory -Force -Path $Out | Out-Null
$summary = Join-Path $Out "summary.txt"
Set-Content -Path $summary -Value ""
$script:failed = $false
$Suite = (Resolve-Path $Suite).Path
$IPInfo = (Resolve-Path $IPInfo).Path

function Verdict([string]$Name, [int]$Code) {
	if ($Code -eq 0) {
		Add-Content -Path $summary -Value "PASS $Name"
	} else {
		Add-Content -Path $summary -Value "FAIL $Name (exit $Code)"
		$script:failed = $true
	}
	Write-Output "== ${Name}: exit $Code"
}

# Step runs a program with its output in OUTDIR\NAME.txt and on stdout.
function Step([string]$Name, [string]$Exe, [string[]]$Arguments) {
	Write-Output "== ${Name}: $Exe $($Arguments -join ' ')"
	$file = Join-Path $Out "$Name.txt"
	$ErrorActionPreference = "Continue"
	& $Exe @Arguments *> $file
	$code = $LASTEXITCODE
	$ErrorActionPreference = "Stop"
	Get-Content -Path $file
	Verdict $Name $code
}

$elevated = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
if ($Link -eq "") {
	$Link = (Get-NetRoute -DestinationPrefix "0.0.0.0/0" | Sort-Object RouteMetric | Select-Object -First 1).InterfaceAlias
}
Add-Content -Path $summary -Value "windows $([Environment]::OSVersion.VersionString), elevated $elevated, link $Link, suite $Suite, ipinfo $IPInfo"
Get-NetAdapter | Format-Table -AutoSize | Out-String | Write-Output

$env:RTNLX_STRICT = "1"
$env:RTNLX_CONFORMANCE_MUTATE = "0"
Step "suite-readonly" $Suite @("-test.v", "-test.timeout", "20m", "-test.run", "TestPlatformDefault|TestMemory")
Remove-Item Env:RTNLX_CONFORMANCE_MUTATE
if (-not $elevated) {
	Verdict "elevated" 1
} else {
	$env:RTNLX_CONFORMANCE_LINK = $Link
	Step "suite-admin" $Suite @("-test.v", "-test.timeout", "20m", "-test.run", "TestPlatformDefault|TestMemory")
	Remove-Item Env:RTNLX_CONFORMANCE_LINK
}

Step "ipinfo-overview" $IPInfo @()
Step "ipinfo-link" $IPInfo @("link")
Step "ipinfo-link-json" $IPInfo @("-j", "link")
Step "ipinfo-addr" $IPInfo @("addr")
Step "ipinfo-addr-json" $IPInfo @("-j", "addr")
Step "ipinfo-route" $IPInfo @("route", "show", "table", "all")
Step "ipinfo-route-json" $IPInfo @("-j", "route")
Step "ipinfo-route6" $IPInfo @("-6", "route")
Step "ipinfo-neigh" $IPInfo @("neigh")
Step "ipinfo-neigh-json" $IPInfo @("-j", "neigh")

if ($elevated) {
	Write-Output "== ipinfo-monitor: 198.18.99.1/24 added to and removed from $Link"
	$monOut = Join-Path $Out "ipinfo-monitor.txt"
	try {
		$mon = Start-Process -FilePath $IPInfo -ArgumentList @("-j", "monitor", "addr") -RedirectStandardOutput $monOut -RedirectStandardError (Join-Path $Out "ipinfo-monitor-stderr.txt") -PassThru -NoNewWindow
		Start-Sleep -Seconds 3
		New-NetIPAddress -InterfaceAlias $Link -IPAddress 198.18.99.1 -PrefixLength 24 -PolicyStore ActiveStore | Out-Null
		Start-Sleep -Seconds 5
		Remove-NetIPAddress -InterfaceAlias $Link -IPAddress 198.18.99.1 -Confirm:$false
		Start-Sleep -Seconds 5
		# Windows has no SIGTERM for a program started apart: the monitor
		# is stopped, and what it wrote so far (it flushes each event)
		# is what counts.
		Stop-Process -Id $mon.Id -Force
		$mon.WaitForExit()
		Get-Content -Path $monOut
		$lines = @(Select-String -Path $monOut -Pattern "198\.18\.99\.1").Count
		# One line for the addition, one for the removal.
		if ($lines -ge 2) { Verdict "ipinfo-monitor" 0 } else { Verdict "ipinfo-monitor" 1 }
	} catch {
		Write-Output "ipinfo-monitor: $_"
		Verdict "ipinfo-monitor" 1
	} finally {
		# Whatever failed, neither the address nor the monitor outlives it.
		Remove-NetIPAddress -InterfaceAlias $Link -IPAddress 198.18.99.1 -Confirm:$false -ErrorAction SilentlyContinue
		if ($mon -and -not $mon.HasExited) { Stop-Process -Id $mon.Id -Force -ErrorAction SilentlyContinue }
	}
}

if ($script:failed) {
	Add-Content -Path $summary -Value "RESULT FAIL"
} else {
	Add-Content -Path $summary -Value "RESULT PASS"
}
Write-Output "== summary"
Get-Content -Path $summary
if ($script:failed) { exit 1 }
exit 0
