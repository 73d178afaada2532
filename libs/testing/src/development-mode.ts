// Jest setup file: the tests run the services' code in development mode (the shared-secret tokens and the
// published development keys), as `npm start` does. Specs of the configuration pass their own
// environment to test the rules outside development.
process.env.CP_DEVELOPMENT = '1';
