/** Shells `taskurai completion` writes scripts for. */
export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * Every script asks the CLI itself for candidates: `taskurai __complete --current=WORD -- WORDS…`,
 * where WORDS are the words between the program name and the word being completed. The current
 * word travels inside `--current=` so that an empty word survives shells that drop empty arguments.
 */
const BASH = `# bash completion for taskurai
# Current shell:  source <(taskurai completion bash)
# Every shell:    echo 'source <(taskurai completion bash)' >> ~/.bashrc
_taskurai() {
  local current="\${COMP_WORDS[COMP_CWORD]}"
  local line
  COMPREPLY=()
  while IFS= read -r line; do
    [[ -n "$line" ]] && COMPREPLY+=("$line")
  done < <(taskurai __complete "--current=\${current}" -- "\${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)
}
complete -o default -F _taskurai taskurai
`;

const ZSH = `#compdef taskurai
# zsh completion for taskurai
# Current shell:  source <(taskurai completion zsh)   (after compinit)
# Every shell:    taskurai completion zsh > "\${fpath[1]}/_taskurai"
_taskurai() {
  local -a candidates
  candidates=("\${(@f)$(taskurai __complete "--current=\${words[CURRENT]}" -- "\${(@)words[2,CURRENT-1]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if (( \${#candidates} > 0 )); then
    compadd -- "\${candidates[@]}"
  else
    _files
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
    taskurai __complete "--current=$current" -- $words[2..-1] 2>/dev/null
end
complete -c taskurai -f -a '(__taskurai_complete)'
complete -c taskurai -n '__fish_seen_subcommand_from create update' -l token-file -r -F
`;

const POWERSHELL = `# PowerShell completion for taskurai
# Current shell:  taskurai completion powershell | Out-String | Invoke-Expression
# Every shell:    add the line above to $PROFILE
Register-ArgumentCompleter -Native -CommandName taskurai -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $before = @($commandAst.CommandElements | Select-Object -Skip 1 |
        Where-Object { $_.Extent.EndOffset -le $cursorPosition } | ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '') { $before = @($before | Select-Object -SkipLast 1) }
    & taskurai __complete "--current=$wordToComplete" -- @before 2>$null | ForEach-Object {
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
