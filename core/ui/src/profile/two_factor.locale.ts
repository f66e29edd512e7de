/** Two-factor sign-in: the profile panel and the login page's code step. */
export const uk = {
  twoFactor: {
    title: 'Двофакторний вхід',
    on: 'Увімкнено: під час входу потрібен код із застосунку-автентифікатора.',
    off: 'Вимкнено.',
    required: 'Ваша роль вимагає двофакторного входу: увімкніть його, щоб працювати з конструктором.',
    enable: 'Увімкнути',
    scan: 'Відскануйте QR-код застосунком-автентифікатором (Google Authenticator, Aegis, 1Password…) або введіть ключ вручну, потім введіть код.',
    qrAlt: 'QR-код для застосунку-автентифікатора',
    secret: 'Ключ:',
    code: 'Код (6 цифр) або код відновлення',
    confirm: 'Підтвердити',
    recoveryOnce: 'Коди відновлення: кожен діє один раз, якщо телефона немає під рукою. Збережіть їх зараз — більше їх не буде показано.',
    disable: 'Вимкнути',
    loginStep: 'Введіть код із застосунку-автентифікатора або код відновлення.',
  },
}
export const en = {
  twoFactor: {
    title: 'Two-factor sign-in',
    on: 'On: signing in needs a code from the authenticator app.',
    off: 'Off.',
    required: 'Your role requires two-factor sign-in: turn it on to work in the builder.',
    enable: 'Turn on',
    scan: 'Scan the QR code with an authenticator app (Google Authenticator, Aegis, 1Password…) or type the key in, then enter a code.',
    qrAlt: 'QR code for the authenticator app',
    secret: 'Key:',
    code: 'Code (6 digits) or a recovery code',
    confirm: 'Confirm',
    recoveryOnce: 'Recovery codes: each works once, when your phone is not at hand. Save them now — they will not be shown again.',
    disable: 'Turn off',
    loginStep: 'Enter the code from your authenticator app, or a recovery code.',
  },
}
