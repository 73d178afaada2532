import { lazy } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { HomePage, HomeRedirect, NotFoundPage } from './home-page';

// Each workspace screen is its own chunk: the first screen loads only what it shows.
const NewCallPage = lazy(async () => ({
  default: (await import('../workspaces/counsellor/new-call/new-call-page')).NewCallPage,
}));
const contacts = () => import('../workspaces/counsellor/contacts/contacts-page');
const MyContactsPage = lazy(async () => ({ default: (await contacts()).MyContactsPage }));
const AllContactsPage = lazy(async () => ({ default: (await contacts()).AllContactsPage }));
const AwaitingPage = lazy(async () => ({ default: (await contacts()).AwaitingPage }));
const TeamContactsPage = lazy(async () => ({ default: (await contacts()).TeamContactsPage }));
const ContactDetailPage = lazy(async () => ({
  default: (await import('../workspaces/counsellor/contacts/contact-detail-page')).ContactDetailPage,
}));
const FollowUpsPage = lazy(async () => ({
  default: (await import('../workspaces/supervisor/follow-ups-page')).FollowUpsPage,
}));

/** The screens of a signed-in user (the menu shows those of the user's roles; the services check access). */
export function Routes() {
  return (
    <Switch>
      <Route path="/" component={HomeRedirect} />
      <Route path="/signin-callback" component={HomeRedirect} />
      <Route path="/home" component={HomePage} />
      <Route path="/calls/new" component={NewCallPage} />
      <Route path="/contacts" component={AllContactsPage} />
      <Route path="/contacts/mine" component={MyContactsPage} />
      <Route path="/contacts/awaiting" component={AwaitingPage} />
      <Route path="/contacts/:id" component={ContactDetailPage} />
      <Route path="/supervisor/follow-ups" component={FollowUpsPage} />
      <Route path="/supervisor/team" component={TeamContactsPage} />
      <Route path="/index.html">
        <Redirect to="/" replace />
      </Route>
      <Route component={NotFoundPage} />
    </Switch>
  );
}
