; Inno Setup 6 script for DIVERT Desktop: a per-machine install with a Start-menu shortcut and an
; uninstaller that keeps each user's data unless asked. installer/build.py runs it as
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\divert-desktop /DOutputDir=dist
;        /DIconFile=build\icons\app.ico installer\windows\divert-desktop.iss
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (installer/build.py does)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\divert-desktop"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\app.ico"
#endif

[Setup]
; The AppId ties every version together, so a new version installs over the old one.
AppId={{6F0E3C59-8C1B-4E0B-9F5D-2B1D7A3E4C21}
AppName=DIVERT Desktop
AppVersion={#AppVersion}
AppVerName=DIVERT Desktop {#AppVersion}
AppPublisher=DIVERT
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\DIVERT Desktop
DefaultGroupName=DIVERT Desktop
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=divert-desktop-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\divert-desktop.exe
UninstallDisplayName=DIVERT Desktop
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program files completely, so no module of the old version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\DIVERT Desktop"; Filename: "{app}\divert-desktop.exe"; Comment: "Referrals, appointments and casework for the DIVERT scheme"
Name: "{autodesktop}\DIVERT Desktop"; Filename: "{app}\divert-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\divert-desktop.exe"; Description: "{cm:LaunchProgram,DIVERT Desktop}"; Flags: nowait postinstall skipifsilent

[Code]
// The uninstaller removes the program only. The database and its backups stay in the user's
// data folder unless the person uninstalling asks for them to be deleted (never when silent).
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\DIVERT\DIVERT Desktop');
    if DirExists(DataDir) and not UninstallSilent() then
      if MsgBox('Also delete your DIVERT Desktop data on this computer (the database and its backups in '
                + DataDir + ')?' + #13#10#13#10
                + 'Choose No to keep it: a new installation will use it again.',
                mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
