console.log('automation-hub');
