/** Shells `taskurai completion` writes scripts for. */
export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * Line that `__complete` prints, alone, when the value is a file path: the script then runs the
 * shell's own file completion. No candidate can look like it, since token names, profile names,
 * scopes and keys never contain a colon.
 */
export const FILES_DIRECTIVE = ":files";

/**
 * Every script asks the CLI itself for candidates: `taskurai __complete --current=WORD -- WORDS…`,
 * where WORDS are the words between the program name and the word being completed. The current
 * word travels inside `--current=` so that an empty word survives shells that drop empty arguments.
 * When there is no candidate, no script falls back to file names: files are offered only after
 * the directive line.
 */
const BASH = `# bash completion for taskurai
# Current shell:  source <(taskurai completion bash)
# Every shell:    echo 'source <(taskurai completion bash)' >> ~/.bashrc
_taskurai() {
  local current="\${COMP_WORDS[COMP_CWORD]}"
  local line files=""
  COMPREPLY=()
  while IFS= read -r line; do
    if [[ "$line" == "${FILES_DIRECTIVE}" ]]; then
      files=1
    elif [[ -n "$line" ]]; then
      COMPREPLY+=("$line")
    fi
  done < <(taskurai __complete "--current=\${current}" -- "\${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)
  if [[ -n "$files" ]]; then
    # bash splits --token-file=PATH at the "=", which is then the current word.
    [[ "$current" == "=" ]] && current=""
    compopt -o filenames 2>/dev/null
    while IFS= read -r line; do
      COMPREPLY+=("$line")
    done < <(compgen -f -- "$current")
  fi
}
complete -F _taskurai taskurai
`;

const ZSH = `#compdef taskurai
# zsh completion for taskurai
# Current shell:  source <(taskurai completion zsh)   (after compinit)
# Every shell:    taskurai completion zsh > "\${fpath[1]}/_taskurai"
_taskurai() {
  local -a candidates
  candidates=("\${(@f)$(taskurai __complete "--current=\${words[CURRENT]}" -- "\${(@)words[2,CURRENT-1]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if [[ "\${candidates[1]}" == "${FILES_DIRECTIVE}" ]]; then
    [[ "$PREFIX" == -* ]] && compset -P 1 '*='
    _files
  elif (( \${#candidates} > 0 )); then
    compadd -M 'm:{a-zA-Z}={A-Za-z}' -- "\${candidates[@]}"
  fi
}
if [[ "\${funcstack[1]}" == "_taskurai" ]]; then
  _taskurai "$@"
else
  compdef _taskurai taskurai
fi
`;

const FISH = `# fish completion for taskurai
# Current shell:  taskurai completion fish | source
# Every shell:    taskurai completion fish > ~/.config/fish/completions/taskurai.fish
function __taskurai_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    taskurai __complete "--current=$current" -- $words[2..-1] 2>/dev/null | string match -v -- '${FILES_DIRECTIVE}'
end
complete -c taskurai -f -a '(__taskurai_complete)'
complete -c taskurai -n '__fish_seen_subcommand_from create update' -l token-file -r -F
`;

// NOTE: PowerShell completes paths when a completer returns nothing, so the script returns an empty
// string when there are no candidates, and nothing after the directive. Not yet run in PowerShell.
const POWERSHELL = `# PowerShell completion for taskurai
# Current shell:  taskurai completion powershell | Out-String | Invoke-Expression
# Every shell:    add the line above to $PROFILE
Register-ArgumentCompleter -Native -CommandName taskurai -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $before = @($commandAst.CommandElements | Select-Object -Skip 1 |
        Where-Object { $_.Extent.EndOffset -le $cursorPosition } | ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '') { $before = @($before | Select-Object -SkipLast 1) }
    $candidates = @(& taskurai __complete "--current=$wordToComplete" -- @before 2>$null)
    if ($candidates.Count -eq 1 -and $candidates[0] -eq '${FILES_DIRECTIVE}') { return }
    if ($candidates.Count -eq 0) { return '' }
    $candidates | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
`;

/** Returns the completion script for `shell`. */
export function completionScript(shell: Shell): string {
  switch (shell) {
    case "bash":
      return BASH;
    case "zsh":
      return ZSH;
    case "fish":
      return FISH;
    case "powershell":
      return POWERSHELL;
  }
}
