import { start } from './app';
import { devBar, startDevBar } from './dev-bar';
import { account } from './pages/account';
import { accountCreated } from './pages/account-created';
import { cancelReset } from './pages/cancel-reset';
import { confirmEmail } from './pages/confirm-email';
import { createAccount } from './pages/create-account';
import { eidCallback } from './pages/eid';
import { help } from './pages/help';
import { home } from './pages/home';
import { lostPassword } from './pages/lost-password';
import { lostPhone } from './pages/lost-phone';
import { passwordChanged } from './pages/password-changed';
import { pmo } from './pages/pmo';
import { rcam } from './pages/rcam';
import { recoveryCodes } from './pages/recovery-codes';
import { setPassword } from './pages/set-password';
import { signIn } from './pages/sign-in';
import { notFound, privacy, signedOut } from './pages/simple';

/** Every page of the site, each at its own address. */
export const PAGES = [
  home,
  createAccount,
  accountCreated,
  setPassword,
  passwordChanged,
  lostPassword,
  signIn,
  eidCallback,
  lostPhone,
  cancelReset,
  confirmEmail,
  signedOut,
  account,
  recoveryCodes,
  rcam,
  pmo,
  help,
  privacy,
  notFound,
];

void start(PAGES, [devBar], startDevBar);
